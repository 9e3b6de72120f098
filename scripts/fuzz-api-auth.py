#!/usr/bin/env python3
"""Sends every /v1 operation of the OpenAPI document with no token, a malformed one, a forged one (another
secret), an expired one, one with no expiry and an unsigned (alg none) one; each must answer 401 with the API's
error body. Then the rules every caller meets after the token: each operation with a token whose scope is narrower
than the one its security requirement names (and one naming no known scope) answers 403 insufficient_scope; each
operation with a JSON body answers 415 to a body not sent as JSON and 400 to a key given twice. Last, what a
probe of the gateway once got through: printer setup commands and control bytes in ZPL jobs (422
zpl_command_not_allowed), half-parsable weights, nested label data, a body announced larger than the limit (413
before it is sent), names such as `..` and passwords in raw URIs.

Usage: fuzz-api-auth.py BASE_URL SECRET. Prints one line of figures per part; exits 1 on any other answer.
"""
import base64
import hashlib
import hmac
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.request


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(secret: str, claims: dict, alg: str = "HS256") -> str:
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    if alg == "none":
        return f"{header}.{payload}."
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def main() -> int:
    base, secret = sys.argv[1].rstrip("/"), sys.argv[2]
    now = int(time.time())
    credentials = {
        "none": None,
        "not bearer": "Basic Zm9vOmJhcg==",
        "malformed": "Bearer not-a-jwt",
        "forged": "Bearer " + jwt("not-the-gateway-secret", {"sub": "fuzz", "exp": now + 600}),
        "expired": "Bearer " + jwt(secret, {"sub": "fuzz", "iat": now - 7200, "exp": now - 3600}),
        "not yet valid": "Bearer " + jwt(secret, {"sub": "fuzz", "nbf": now + 3600}),
        "alg none": "Bearer " + jwt(secret, {"sub": "fuzz", "exp": now + 600}, alg="none"),
        "no exp": "Bearer " + jwt(secret, {"sub": "fuzz", "iat": now}),
    }
    with urllib.request.urlopen(f"{base}/openapi.json") as response:
        document = json.load(response)
    examples = {"id": "00000000-0000-4000-8000-000000000000", "name": "line1", "lot": "L0001", "number": "1"}
    operations = [
        (method.upper(), re.sub(r"\{(\w+)\}", lambda m: examples[m.group(1)], path),
         (item[method].get("security") or [{}])[0].get("bearerAuth", [None])[0],
         "requestBody" in item[method])
        for path, item in document["paths"].items() if path.startswith("/v1/")
        for method in item if method in ("get", "post", "put", "patch", "delete")
    ]
    sent, failures = 0, []

    def send(method, path, header, body=None, content_type="application/json"):
        nonlocal sent
        request = urllib.request.Request(f"{base}{path}", data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        sent += 1
        try:
            code = json.loads(text)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        return status, code, text

    for method, path, _, _ in operations:
        for kind, header in credentials.items():
            body = b"{}" if method in ("POST", "PATCH") else None
            status, code, text = send(method, path, header, body)
            if status != 401 or code != "unauthorized":
                failures.append(f"{method} {path} with {kind} token: {status} {text[:200]!r}")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"auth: {len(operations)} operations x {len(credentials)} bad credentials = {sent} requests, "
          f"{len(failures)} not answered 401")
    auth_failures = len(failures)

    # Scopes: print < operate < admin. Only the refusals are sent: a wide enough token would run the operation.
    ranks = ["print", "operate", "admin"]
    scoped = {name: "Bearer " + jwt(secret, {"sub": f"fuzz-{name}", "exp": now + 600, "scope": name})
              for name in ranks + ["superuser"]}
    sent, failures, refusals = 0, [], 0
    for method, path, required, has_body in operations:
        if required not in ranks:
            failures.append(f"{method} {path}: the document names no known scope ({required!r})")
            continue
        narrower = [name for name in ranks if ranks.index(name) < ranks.index(required)] + ["superuser"]
        for name in narrower:
            status, code, text = send(method, path, scoped[name], b"{}" if has_body else None)
            refusals += 1
            if status != 403 or code != "insufficient_scope":
                failures.append(f"{method} {path} with a {name} token: {status} {text[:200]!r}")
        if has_body:
            admin = scoped["admin"]
            status, code, text = send(method, path, admin, b"{}", content_type="text/plain")
            if status != 404 and (status != 415 or code != "unsupported_media_type"):
                failures.append(f"{method} {path} with text/plain: {status} {text[:200]!r}")
            status, code, text = send(method, path, admin, b'{"a": 1, "a": 2}')
            if status not in (400, 404) or (status == 400 and "more than once" not in text.decode(errors="replace")):
                failures.append(f"{method} {path} with a key given twice: {status} {text[:200]!r}")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"rules: {refusals} requests with a narrower scope, {sent - refusals} with a body not JSON or a key "
          f"twice; {len(failures)} answered otherwise")
    rule_failures = len(failures)

    # What a security probe once got through, each now refused.
    admin = scoped["admin"]
    sent, failures = 0, []
    device_commands = [
        "^JUS", "^JUF", "^JUN", "^JUA", "^NSP,10.9.9.9,255.255.255.0,10.9.9.1^JUS", "^KP9999^JUS", "^IDE:*.*",
        "^IDR:*.*", "^MD30^JUS", "^HZA", "^SZ1", "^DFR:FORM.ZPL", "^XFR:FORM.ZPL", "^PQ5000", "^MNY", "^MTT", "^MMP",
        "^JMA", "^HH", "^ILR:IMG.GRF", "^ISR:IMG.GRF", "^NC1", "^JZY", "\x10JA", "\x1eJUS",
    ]
    for command in device_commands:
        body = json.dumps({"printer": "line1", "zpl": [f"^XA^FO50,50^FDok^FS{command}^XZ"]}).encode()
        status, code, text = send("POST", "/v1/jobs", admin, body)
        if status != 422 or code != "zpl_command_not_allowed":
            failures.append(f"ZPL {command!r}: {status} {text[:200]!r}")
    label = {"product_name": "Chicken thighs", "gtin": "09501101530003", "production_date": "2026-11-30",
             "expiry_date": "2026-12-07", "lot": "L0001"}
    for weight in ["1-2", "1.2.3", "1.", "1e3", " 1.2", "0x10", "1,5"]:
        body = json.dumps({"printer": "line1", "template": "product-gs1",
                           "labels": [dict(label, net_weight_kg=weight)]}).encode()
        status, code, text = send("POST", "/v1/jobs", admin, body)
        if status != 422:
            failures.append(f"net_weight_kg {weight!r}: {status} {text[:200]!r}")
    nested = "[" * 500 + "]" * 500
    body = ('{"printer": "line1", "template": "product-gs1", "labels": [{"product_name": ' + nested + "}]}").encode()
    started = time.monotonic()
    status, code, text = send("POST", "/v1/jobs", admin, body)
    nested_ms = (time.monotonic() - started) * 1000
    if status not in (400, 422):
        failures.append(f"500-deep label data: {status} {text[:200]!r}")
    for name in [".", "..", "Line1", "line 1", "-line", "a" * 64]:
        body = json.dumps({"name": name, "uri": "sim://x"}).encode()
        status, code, text = send("POST", "/v1/printers", admin, body)
        if status != 422:
            failures.append(f"printer name {name!r}: {status} {text[:200]!r}")
    for uri in ["raw9100://alice:pw@127.0.0.1:9100", "sim://alice:pw@line2"]:
        body = json.dumps({"name": "userinfo", "uri": uri}).encode()
        status, code, text = send("POST", "/v1/printers", admin, body)
        if status != 422 or b"pw@" in text:
            failures.append(f"URI {uri!r}: {status} {text[:200]!r}")
    # A body announced at 50 MB and never sent: the answer must come from Content-Length alone.
    host, port = base.split("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall((f"POST /v1/jobs HTTP/1.1\r\nHost: {host}\r\nAuthorization: {admin}\r\n"
                            "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n").encode())
        answer = connection.recv(4096).decode(errors="replace")
        sent += 1
    if not answer.startswith("HTTP/1.1 413"):
        failures.append(f"a 50 MB Content-Length: {answer[:200]!r}")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"probe: {sent} requests (ZPL device commands and control bytes, weights, nesting, names, URIs, a 50 MB "
          f"body); 500-deep nesting answered in {nested_ms:.1f} ms; {len(failures)} answered otherwise")
    return 1 if failures or rule_failures or auth_failures else 0


if __name__ == "__main__":
    sys.exit(main())
