import asyncio, os, shutil, tempfile
import aiofiles

async def attempt(label, coro):
    try:
        r = await coro
        print(label, "->", repr(r))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)

async def main():
    async with aiofiles.open("f.txt", "w") as f:
        await f.write("line\n")
    f = await aiofiles.open("f.txt")
    await attempt("text write on r", f.write("x"))
    await attempt("text writelines on r", f.writelines(["x"]))
    await attempt("text truncate on r", f.truncate())
    await attempt("seek(1, 1)", f.seek(1, 1))
    await attempt("seek(-1, 2)", f.seek(-1, 2))
    await attempt("seek(-1)", f.seek(-1))
    await attempt("seek(0, 3)", f.seek(0, 3))
    await attempt("read('x')", f.read("x"))
    await attempt("read(1.5)", f.read(1.5))
    await attempt("readline(1.5)", f.readline(1.5))
    await f.close()
    await attempt("closed read", f.read())
    await attempt("closed readline", f.readline())
    await attempt("closed tell", f.tell())
    await attempt("closed close", f.close())
    w = await aiofiles.open("f.txt", "a")
    await attempt("read on a", w.read())
    await attempt("readline on a", w.readline())
    await attempt("write bytes", w.write(b"x"))
    await attempt("write int", w.write(3))
    await attempt("truncate(-1)", w.truncate(-1))
    await w.close()
    await attempt("closed write", w.write("x"))
    b = await aiofiles.open("f.txt", "rb")
    await attempt("binary write on rb", b.write(b"x"))
    await attempt("binary truncate on rb", b.truncate())
    await attempt("binary seek(-1)", b.seek(-1))
    await attempt("binary seek(0, 5)", b.seek(0, 5))
    await attempt("binary read1('x')", b.read1("x"))
    await b.close()
    await attempt("closed binary read", b.read())
    await attempt("closed binary readline", b.readline())
    await attempt("closed binary seek", b.seek(0))
    await attempt("closed binary tell", b.tell())
    wb = await aiofiles.open("f.bin", "wb")
    await attempt("binary read on wb", wb.read())
    await attempt("binary read1 on wb", wb.read1())
    await attempt("binary write str", wb.write("s"))
    await wb.close()
    await attempt("closed binary write", wb.write(b"x"))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
