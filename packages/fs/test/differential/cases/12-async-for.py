import asyncio, os, shutil, tempfile
import aiofiles

async def main():
    async with aiofiles.open("lines.txt", "w") as f:
        await f.writelines([f"line {i}\n" for i in range(5)] + ["no newline"])
    async with aiofiles.open("lines.txt") as f:
        async for line in f:
            print(repr(line))
    async with aiofiles.open("lines.txt", "rb") as f:
        count = 0
        async for line in f:
            count += len(line)
        print("bytes", count)
    async with aiofiles.open("lines.txt") as f:
        print(repr(await anext(f)), repr(await anext(f)))
        print(repr(await f.readline()))
        rest = [line async for line in f]
        print(len(rest), repr(rest[-1]))
        print(repr(await anext(f, "default")))
        try:
            await anext(f)
        except StopAsyncIteration:
            print("StopAsyncIteration")

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
