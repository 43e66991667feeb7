-- wrk script for scripts/bench-server.sh: every request is
-- GET /qrcode?text=<next text of the list>, each thread starting at its own
-- place in the list. A literal \n in a line of the list stands for a line
-- break (vCards). done() prints one machine-readable RESULT line.

local texts_file = os.getenv("QR_BENCH_TEXTS") or "scripts/bench/texts.txt"

local function percent_encode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

paths = {}
for line in io.lines(texts_file) do
  if #line > 0 then
    local text = line:gsub("\\n", "\n")
    paths[#paths + 1] = "/qrcode?text=" .. percent_encode(text)
  end
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  position = (id * 97) % #paths  -- spread the threads over the list
  body_bytes = 0
  responses = 0
  not_ok = 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  responses = responses + 1
  body_bytes = body_bytes + #body
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bytes, count, failed = 0, 0, 0
  for _, thread in ipairs(threads) do
    bytes = bytes + thread:get("body_bytes")
    count = count + thread:get("responses")
    failed = failed + thread:get("not_ok")
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d req_per_s=%.1f latency_avg_ms=%.2f latency_p99_ms=%.2f "
    .. "body_bytes_avg=%.1f non_200=%d socket_errors=%d texts=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency.mean / 1000, latency:percentile(99) / 1000,
    count > 0 and bytes / count or 0, failed,
    errors.connect + errors.read + errors.write + errors.timeout,
    #paths))
end
