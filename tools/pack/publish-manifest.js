#!/usr/bin/env node
// npm pack/publish helper: the published package.json has no `prepare`
// script (it builds dist/ in a checkout; an installed package already has
// dist/, and npm warns about install scripts of dependencies).
//   prepack:  node tools/pack/publish-manifest.js strip
//   postpack: node tools/pack/publish-manifest.js restore
const { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const manifest = join(root, 'package.json');
const saved = join(root, '.package.json.prepack');
const mode = process.argv[2];
if (mode === 'strip') {
  if (!existsSync(saved)) copyFileSync(manifest, saved);
  const pkg = JSON.parse(readFileSync(saved, 'utf8'));
  delete pkg.scripts.prepare;
  delete pkg.scripts.prepack;
  delete pkg.scripts.postpack;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  process.stderr.write('usage: publish-manifest.js strip|restore\n');
  process.exit(2);
}
