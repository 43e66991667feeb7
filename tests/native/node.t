#!/bin/sh
# prove runs this: the Node addon's suite (node_addon.js prints TAP).
# --expose-gc lets the RSS test collect garbage before each measurement.
exec node --expose-gc "$(dirname "$0")/node_addon.js"
