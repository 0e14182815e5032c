// C1 baseline: a bare fetch program's first GET printed.
const res = await fetch(process.argv[2]);
console.log(await res.text());
