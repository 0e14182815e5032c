import asyncio, os, shutil, tempfile
import aiofiles

async def show(name):
    async with aiofiles.open(name, "rb") as f:
        print("  file:", await f.read())

async def main():
    async with aiofiles.open("m.txt", "w") as f:
        await f.write("12345\n")
    async with aiofiles.open("m.txt", "a") as f:
        print("a tell", await f.tell())
        await f.write("678\n")
        print("a tell after", await f.tell())
    await show("m.txt")
    async with aiofiles.open("m.txt", "a+") as f:
        await f.seek(0)
        print("a+ read", repr(await f.read(3)))
        await f.write("Z")
        print("a+ tell", await f.tell())
    await show("m.txt")
    async with aiofiles.open("m.txt", "r+") as f:
        await f.write("ab")
        print("r+ tell", await f.tell())
        print("r+ rest", repr(await f.read()))
    await show("m.txt")
    async with aiofiles.open("m.txt", "w+") as f:
        print("w+ empty", repr(await f.read()))
        await f.write("new\ntext")
        await f.seek(0)
        print("w+", await f.readlines())
    async with aiofiles.open("n.txt", "x") as f:
        await f.write("created")
    await show("n.txt")
    async with aiofiles.open("b.bin", "wb") as f:
        print("wb", await f.write(b"\x00\x01binary"))
    async with aiofiles.open("b.bin", "r+b") as f:
        await f.seek(2)
        await f.write(b"B")
        await f.seek(0, 2)
        await f.write(b"!")
    await show("b.bin")
    async with aiofiles.open("b.bin", "ab") as f:
        await f.write(b"?")
    await show("b.bin")

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
