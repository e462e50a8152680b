// `cargo xtask build`'s minifier (xtask/src/minify.rs): the widget's
// JavaScript through oxc's minifier (rolldown's), the stylesheet through
// lightningcss, each file rewritten in place. Comments and spacing are for
// the sources in www/ and for wasm-bindgen's output; the pupil's phone
// only downloads them.
import { readFileSync, writeFileSync } from 'node:fs';
import { minifySync } from 'rolldown/utils';
import { transform } from 'lightningcss';

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  let minified;
  if (file.endsWith('.css')) {
    minified = transform({ filename: file, code: Buffer.from(source), minify: true }).code.toString();
  } else {
    const result = minifySync(file, source, { compress: true, mangle: true, module: true });
    if (result.errors?.length) {
      console.error(`cannot minify ${file}:`, result.errors);
      process.exit(1);
    }
    minified = result.code;
  }
  writeFileSync(file, minified);
  console.error(`minified ${file}: ${source.length} -> ${minified.length} bytes`);
}
