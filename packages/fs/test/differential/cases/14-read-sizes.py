import asyncio, os, shutil, tempfile
import aiofiles

TEXT = "😀a한\n" * 3 + "끝"

async def main():
    async with aiofiles.open("s.txt", "w") as f:
        await f.write(TEXT)
    for size in [0, 1, 2, 3, 5, 100, -1, None]:
        async with aiofiles.open("s.txt") as f:
            print(size, repr(await f.read(size)), repr(await f.readline(size if size is not None else -1)), await f.tell())
    async with aiofiles.open("s.txt") as f:
        print(await f.readlines(5))
        print(await f.readlines(0))
    async with aiofiles.open("s.txt", "rb") as f:
        print(await f.read(5), await f.readline(3), await f.read1(2), await f.peek(1) != b"")
    async with aiofiles.open("e.txt", "w") as f:
        pass
    async with aiofiles.open("e.txt") as f:
        print(repr(await f.read(1)), repr(await f.readline()), await f.readlines(), repr(await f.read()))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
