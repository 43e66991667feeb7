'use strict';
// What the worker pool (pool.js) and the wasm pool (wasm_pool.js) share:
// their defaults, the retry rule, and the queue.

const DEFAULT_MAX_IN_FLIGHT = 32;
const DEFAULT_MAX_QUEUE = 32768;
// Times a request is written to a worker at most (the first try and one retry).
const MAX_TRIES = 2;

// A FIFO with O(1) shift for queues of many thousand jobs.
class Fifo {
  constructor() { this.items = []; this.head = 0; }
  get length() { return this.items.length - this.head; }
  push(item) { this.items.push(item); }
  shift() {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  pop() { return this.length > 0 ? this.items.pop() : undefined; }
  // Puts items back at the front, first of them first out.
  unshift(items) {
    if (items.length === 0)
      return;
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }
  drain() {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }
}

module.exports = { Fifo, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, MAX_TRIES };
