import asyncio, os, ssl, subprocess, tempfile

def self_signed(directory):
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    return key, cert

async def echo(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()

async def main():
    with tempfile.TemporaryDirectory() as d:
        key, cert = self_signed(d)
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.load_cert_chain(cert, key)
        server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=server_ctx)
        port = server.sockets[0].getsockname()[1]
        client_ctx = ssl.create_default_context(cafile=cert)
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_ctx, server_hostname="localhost")
        peercert = writer.get_extra_info("peercert")
        print("subject:", peercert["subject"])
        print("issuer:", peercert["issuer"])
        print("version:", peercert["version"], "subjectAltName:", peercert["subjectAltName"])
        cipher = writer.get_extra_info("cipher")
        print("cipher:", type(cipher).__name__, len(cipher), cipher[1], cipher[2])
        sslobj = writer.get_extra_info("ssl_object")
        print("ssl_object:", sslobj.version(), sslobj.cipher() == cipher, sslobj.getpeercert() == peercert,
              sslobj.compression())
        print("can_write_eof:", writer.can_write_eof())
        writer.write(b"secret line\n")
        print(await reader.readline())
        print("eof:", await reader.read())
        writer.close()
        await writer.wait_closed()

        # A client that does not trust the certificate
        try:
            await asyncio.open_connection("127.0.0.1", port, ssl=ssl.create_default_context(), server_hostname="localhost")
        except ssl.SSLCertVerificationError as e:
            print(type(e).__name__, isinstance(e, ssl.SSLError), isinstance(e, OSError), e.reason, e.verify_message)
        # One that trusts it, for another name
        try:
            await asyncio.open_connection("127.0.0.1", port, ssl=client_ctx, server_hostname="example.com")
        except ssl.SSLCertVerificationError as e:
            print(type(e).__name__, e.reason, e.verify_message)
        server.close()
        await server.wait_closed()

asyncio.run(main())
