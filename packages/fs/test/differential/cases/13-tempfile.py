import asyncio, os, shutil, tempfile
import aiofiles
import aiofiles.tempfile

async def main():
    async with aiofiles.tempfile.NamedTemporaryFile(dir=".", prefix="pre-", suffix=".txt") as f:
        name = f.name
        print(f.mode, os.path.basename(name).startswith("pre-"), name.endswith(".txt"), os.path.exists(name))
        await f.write(b"scratch")
        await f.seek(0)
        print(await f.read())
        print(oct(os.stat(name).st_mode & 0o777))
    print("deleted:", not os.path.exists(name))
    async with aiofiles.tempfile.NamedTemporaryFile("w+", dir=".", delete=False) as f:
        print(await f.write("kept 한"))
        name = f.name
    print("kept:", os.path.exists(name))
    async with aiofiles.open(name) as f:
        print(repr(await f.read()))
    os.remove(name)
    async with aiofiles.tempfile.TemporaryFile("w+", dir=".") as f:
        print(os.listdir("."))
        await f.write("anonymous\n")
        await f.seek(0)
        print(repr(await f.readline()))
    async with aiofiles.tempfile.SpooledTemporaryFile(max_size=10, dir=".") as f:
        await f.write(b"12345")
        print("rolled", f._file._rolled)
        await f.write(b"67890abc")
        print("rolled", f._file._rolled)
        await f.seek(0)
        print(await f.read())
    async with aiofiles.tempfile.TemporaryDirectory(dir=".", prefix="d-") as d:
        print(os.path.isdir(d), os.path.basename(d).startswith("d-"))
        async with aiofiles.open(os.path.join(d, "inner.txt"), "w") as f:
            await f.write("x")
    print("dir removed:", not os.path.exists(d))
    print(os.listdir("."))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
