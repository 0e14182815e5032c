import asyncio, os, shutil, tempfile
import aiofiles

async def main():
    async with aiofiles.open("input.txt", "w") as f:
        print("write returns", await f.write("Hello, World!\nThis is a test file."))
        print("and", await f.write("\n안녕 😀\n"))
        print("tell", await f.tell())
    async with aiofiles.open("input.txt") as f:
        print(repr(await f.read(5)), await f.tell())
        print(repr(await f.readline()), await f.tell())
        print(repr(await f.readlines()))
        print(repr(await f.read()), repr(await f.readline()))
        print(f.name, f.mode, f.encoding, f.closed)
    print("closed", f.closed)
    async with aiofiles.open("input.txt", mode="r") as f:
        content = await f.read()
    async with aiofiles.open("output.txt", mode="w") as f:
        await f.write(content.upper())
    async with aiofiles.open("output.txt", mode="rb") as f:
        print(repr(await f.read()))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
