import asyncio, os, shutil, tempfile
import aiofiles

async def main():
    data = bytes(range(256)) * 300 + b"\nlast line\nend"
    async with aiofiles.open("b.bin", "wb") as f:
        print(await f.write(data[:1000]), await f.write(memoryview(data)[1000:]), await f.tell())
    async with aiofiles.open("b.bin", "rb") as f:
        print(len(await f.read(70000)), await f.tell())
        print(len(await f.read1(100)) <= 100)
        print(await f.seek(-14, 2), await f.readline(), await f.readline(), await f.readline())
        print(await f.seek(10), await f.read(3), await f.seek(5, 1), await f.read(2))
        print(await f.seek(100, 2), await f.read(), await f.tell())
        buf = bytearray(4)
        await f.seek(65)
        print(await f.readinto(buf), bytes(buf))
        await f.seek(0)
        print(len(await f.readlines()), (await f.readline()))
        await f.seek(76790)
        print(await f.readlines(3))
        await f.seek(0)
        print(len(await f.read()))
    async with aiofiles.open("b.bin", "r+b") as f:
        print(await f.truncate(10), await f.tell())
        await f.seek(0, 2)
        print(await f.tell(), await f.truncate(20))
    async with aiofiles.open("b.bin", "rb") as f:
        print(await f.read())

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
