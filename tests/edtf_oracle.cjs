// Reads a JSON list of strings on stdin; writes {string: {valid, min, max}} as JSON: npm edtf's view of each
// at EDTF level 1 (min and max in milliseconds since 1970 UTC, null where it has none). Used by test_edtf_oracles.py.
"use strict";
const edtf = require("edtf");
const inputs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const text of inputs) {
  let valid = true;
  try { edtf.parse(text, { level: 1 }); } catch (e) { valid = false; }
  let min = null, max = null;
  if (valid) {
    try {
      const value = edtf.default(text);
      min = Number.isFinite(value.min) ? value.min : null;
      max = Number.isFinite(value.max) ? value.max : null;
    } catch (e) { /* parsed, but no bounds: left null */ }
  }
  out[text] = { valid, min, max };
}
process.stdout.write(JSON.stringify(out));
