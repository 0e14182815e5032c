import asyncio, os, shutil, tempfile
import aiofiles

async def main():
    for enc, text in [("ascii", "ab한국c"), ("ascii", "é"), ("latin-1", "café 한"), ("utf-8", "a\ud800b"), ("utf-16", "x\udc00")]:
        for errors in ["strict", "replace", "ignore"]:
            async with aiofiles.open("e.txt", "w", encoding=enc, errors=errors) as f:
                try:
                    print(enc, errors, "wrote", await f.write(text))
                except UnicodeEncodeError as e:
                    print(enc, errors, type(e).__name__, e, e.start, e.end, e.reason)
            async with aiofiles.open("e.txt", "rb") as f:
                print("  file", await f.read())

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
