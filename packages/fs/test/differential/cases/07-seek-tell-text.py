import asyncio, os, shutil, tempfile
import aiofiles

DATA = "안녕하세요, 세계!\n파이썬 — asyncio 😀\r\n끝\r\n마지막\n" + "x" * 9000 + "\n한글\n"

async def main():
    async with aiofiles.open("t.txt", "w", newline="") as f:
        await f.write(DATA)
    async with aiofiles.open("t.txt") as f:
        marks = []
        while True:
            at = await f.tell()
            line = await f.readline()
            if not line:
                break
            marks.append((at, line))
        print([at for at, _ in marks], await f.tell())
        for at, line in reversed(marks):
            await f.seek(at)
            assert await f.readline() == line
        print("seek back ok")
        await f.seek(0)
        print(repr(await f.read(3)), await f.tell())
        print(await f.seek(0, 1), await f.seek(0, 2), repr(await f.read()))
        await f.seek(4)
        try:
            print(repr(await f.read(2)))
        except UnicodeDecodeError as e:
            print("mid-character:", e)
        await f.seek(3)
        print(repr(await f.read(2)))
    async with aiofiles.open("t.txt", "r+") as f:
        await f.readline()
        print("truncate", await f.truncate(await f.tell()), await f.tell())
    async with aiofiles.open("t.txt", "rb") as f:
        print(await f.read())

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
