import asyncio, os, shutil, tempfile
import aiofiles

CASES = [
    b"\xff",
    b"ok\xe2\x82",
    b"\xe2\x82a",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"abc\xea\xb0",
    b"x" * 8190 + b"\xea\xb0\x80\xff",
]

async def main():
    for i, data in enumerate(CASES):
        async with aiofiles.open("bad.txt", "wb") as f:
            await f.write(data)
        for errors in ["strict", "replace", "ignore"]:
            async with aiofiles.open("bad.txt", errors=errors) as f:
                try:
                    text = await f.read()
                    print(i, errors, repr(text[-12:]), len(text))
                except UnicodeDecodeError as e:
                    print(i, errors, type(e).__name__, e, e.start, e.end, e.reason)
        async with aiofiles.open("bad.txt", encoding="ascii", errors="replace") as f:
            print(i, "ascii", repr((await f.read())[-6:]))
    async with aiofiles.open("bad.txt", "wb") as f:
        await f.write("한".encode() * 3000 + b"\xff")
    async with aiofiles.open("bad.txt") as f:
        print(repr(await f.read(2)))
        try:
            await f.read()
        except UnicodeDecodeError as e:
            print("rest:", e)
    async with aiofiles.open("bad.txt") as f:
        try:
            while await f.readline():
                pass
        except UnicodeDecodeError as e:
            print("lines:", e)

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
