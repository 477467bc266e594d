// bench/typst.js — compiles one Typst source to PDF with Typst 0.14 (the
// @myriaddreamin/typst-ts-node-compiler 0.7.0 npm package, installed by
// bench/run.sh under build/typst), with paiban's pinned fonts only, so
// make bench can time Typst on the same content as paiban, whole process.
//   node bench/typst.js FONTS_DIR IN.typ OUT.pdf
// Exits 1 with Typst's diagnostics when the source does not compile.
'use strict';
const fs = require('fs');
const path = require('path');
const [fontsDir, input, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node bench/typst.js FONTS_DIR IN.typ OUT.pdf');
  process.exit(2);
}
const here = path.resolve(__dirname, '..', 'build', 'typst', 'node_modules');
const { NodeCompiler } = require(path.join(here, '@myriaddreamin', 'typst-ts-node-compiler'));
const compiler = NodeCompiler.create({
  workspace: path.dirname(path.resolve(input)),
  fontArgs: [{ fontPaths: [path.resolve(fontsDir)] }],
});
const result = compiler.compile({ mainFileContent: fs.readFileSync(input, 'utf8') });
const doc = result.result;
if (!doc) {
  console.error(JSON.stringify(result.takeDiagnostics ? result.takeDiagnostics() : result, null, 1));
  process.exit(1);
}
fs.writeFileSync(output, compiler.pdf(doc));
