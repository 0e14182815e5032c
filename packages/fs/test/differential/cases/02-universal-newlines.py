import asyncio, os, shutil, tempfile
import aiofiles

DATA = b"a\r\nb\rc\nd\r\r\ne\r"

async def main():
    async with aiofiles.open("nl.txt", "wb") as f:
        await f.write(DATA)
    for newline in [None, "", "\n", "\r", "\r\n"]:
        async with aiofiles.open("nl.txt", newline=newline) as f:
            lines = [line async for line in f]
            print(repr(newline), lines, repr(f.newlines))
    async with aiofiles.open("nl.txt") as f:
        print(repr(await f.read(3)), repr(await f.read()))
    for newline in [None, "", "\n", "\r", "\r\n"]:
        async with aiofiles.open("w.txt", "w", newline=newline) as f:
            await f.write("x\ny\r\nz\r")
        async with aiofiles.open("w.txt", "rb") as f:
            print("wrote", repr(newline), await f.read())

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
