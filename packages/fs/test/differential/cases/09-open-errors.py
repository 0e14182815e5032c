import asyncio, os, shutil, tempfile
import aiofiles

async def attempt(*args, **kwargs):
    try:
        async with aiofiles.open(*args, **kwargs) as f:
            print("opened", f.mode)
    except Exception as e:
        print(type(e).__name__ + ":", e)

async def main():
    os.mkdir("dir")
    async with aiofiles.open("exists.txt", "w") as f:
        await f.write("x")
    await attempt("nope.txt")
    await attempt("no/such/dir.txt", "w")
    await attempt("dir")
    await attempt("dir", "w")
    await attempt("exists.txt", "x")
    await attempt("it's.txt")
    await attempt("")
    for mode in ["q", "rr", "rw", "b", "rbt", "U", "rU", "+", "wa", "xr"]:
        await attempt("exists.txt", mode)
    await attempt("exists.txt", "rb", encoding="utf-8")
    await attempt("exists.txt", "rb", errors="strict")
    await attempt("exists.txt", "rb", newline="")
    await attempt("exists.txt", "r", newline="x")
    await attempt("exists.txt", "r", buffering=0)
    await attempt("exists.txt", "r", encoding="nope")
    await attempt("exists.txt", 3)

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
