// pnpm hooks of the workspace (pnpm-lock.yaml records this file's checksum: after changing it, run
// `pnpm install` and commit the lockfile too).
//
// beforePacking (pnpm pack and pnpm publish, which `changeset publish` runs): the packed
// package.json keeps no `aio-source` condition, in `exports` or in `imports` (@aio/loop's
// `#platform`). Inside the workspace it sends imports to
// `src/*.ts` so that tests need no build; a published package is used through `dist/` only.
function withoutSourceCondition(value) {
  if (Array.isArray(value)) return value.map(withoutSourceCondition);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, v] of Object.entries(value))
    if (key !== "aio-source") out[key] = withoutSourceCondition(v);
  return out;
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.exports !== undefined) pkg.exports = withoutSourceCondition(pkg.exports);
      if (pkg.imports !== undefined) pkg.imports = withoutSourceCondition(pkg.imports);
      return pkg;
    },
  },
};
