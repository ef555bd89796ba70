// The resolve hook of import-log.mjs (module hooks run on a thread of their own).
const seen = new Set();

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const bare = !/^(\.|\/|node:|file:|data:)/.test(specifier);
  if (bare && !(context.parentURL ?? '').includes('/node_modules/') && !seen.has(specifier)) {
    seen.add(specifier);
    process.stderr.write(`IMPORT ${specifier}\n`);
  }
  return resolved;
}
