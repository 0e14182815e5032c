import asyncio, os, shutil, tempfile
import aiofiles
import aiofiles.os

async def attempt(label, coro):
    try:
        r = await coro
        print(label, "->", repr(r))
    except Exception as e:
        print(label, type(e).__name__ + ":", e, e.errno, e.filename, e.filename2)

async def main():
    await aiofiles.os.makedirs("downloaded_sites", exist_ok=True)
    await aiofiles.os.makedirs("downloaded_sites", exist_ok=True)
    await attempt("makedirs again", aiofiles.os.makedirs("downloaded_sites"))
    await attempt("mkdir exists", aiofiles.os.mkdir("downloaded_sites"))
    await attempt("mkdir missing parent", aiofiles.os.mkdir("a/b"))
    async with aiofiles.open("downloaded_sites/www.python.org.html", "w", encoding="UTF8") as f:
        await f.write("<html>파이썬</html>")
    print(await aiofiles.os.listdir("downloaded_sites"))
    print(await aiofiles.os.path.exists("downloaded_sites"), await aiofiles.os.path.isdir("downloaded_sites"),
          await aiofiles.os.path.isfile("downloaded_sites"), await aiofiles.os.path.exists("nope"))
    print(await aiofiles.os.path.getsize("downloaded_sites/www.python.org.html"))
    print((await aiofiles.os.stat("downloaded_sites/www.python.org.html")).st_size)
    await attempt("rename missing", aiofiles.os.rename("a", "b"))
    await aiofiles.os.rename("downloaded_sites/www.python.org.html", "moved.html")
    await attempt("rmdir empty", aiofiles.os.rmdir("downloaded_sites"))
    os.mkdir("full")
    open("full/x", "w").close()
    await attempt("rmdir not empty", aiofiles.os.rmdir("full"))
    await attempt("remove dir", aiofiles.os.remove("full"))
    await attempt("remove missing", aiofiles.os.remove("nope"))
    await attempt("stat missing", aiofiles.os.stat("nope"))
    await attempt("getsize missing", aiofiles.os.path.getsize("nope"))
    await aiofiles.os.symlink("moved.html", "link")
    print(await aiofiles.os.readlink("link"), await aiofiles.os.path.islink("link"), await aiofiles.os.path.samefile("link", "moved.html"))
    await attempt("symlink exists", aiofiles.os.symlink("moved.html", "link"))
    await attempt("link exists", aiofiles.os.link("moved.html", "link"))
    entries = sorted((e.name, e.is_file(), e.is_dir(), e.is_symlink()) for e in await aiofiles.os.scandir("."))
    print(entries)
    print(await aiofiles.os.access("moved.html", os.R_OK), await aiofiles.os.access("nope", os.F_OK))
    await aiofiles.os.unlink("link")
    await aiofiles.os.renames("moved.html", "deep/er/moved.html")
    print(sorted(await aiofiles.os.listdir(".")), await aiofiles.os.listdir("deep/er"))
    await aiofiles.os.remove("deep/er/moved.html")
    await aiofiles.os.removedirs("deep/er")
    print(sorted(await aiofiles.os.listdir(".")))

d = tempfile.mkdtemp(); os.chdir(d)
asyncio.run(main())
shutil.rmtree(d)
