import asyncio, os, shutil, tempfile
import aiofiles

TEXT = "가a\n😀é\r\n"

async def main():
    for enc in ["utf-8", "UTF8", "utf-8-sig", "utf-16", "utf-16-le", "UTF-16BE", "latin-1", "ascii"]:
        text = TEXT if enc not in ("latin-1", "ascii") else "a\né\r\n"
        if enc == "ascii":
            text = "a\nb\r\n"
        async with aiofiles.open("e.txt", "w", encoding=enc) as f:
            print(enc, "wrote", await f.write(text), f.encoding)
        async with aiofiles.open("e.txt", "rb") as f:
            print(" bytes", await f.read())
        async with aiofiles.open("e.txt", encoding=enc) as f:
            first = await f.readline()
            at = await f.tell()
            rest = await f.read()
            print(" read", repr(first), at, repr(rest))
    async with aiofiles.open("bom.txt", "wb") as f:
        await f.write(b"\xef\xbb\xbfhi")
    async with aiofiles.open("bom.txt", encoding="utf-8") as f:
        print(repr(await f.read()))
    async with aiofiles.open("bom.txt", encoding="utf-8-sig") as f:
        print(repr(await f.read()))
    async with aiofiles.open("be.txt", "wb") as f:
        await f.write(b"\xfe\xff\x00h\x00i")
    async with aiofiles.open("be.txt", encoding="utf-16") as f:
        print(repr(await f.read()))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
