#!/usr/bin/env python3
"""Sends every /v1 operation of the OpenAPI document with no token, a malformed one, a forged one (another
secret), an expired one, one with no expiry and an unsigned (alg none) one; each must answer 401 with the API's
error body.

Usage: fuzz-api-auth.py BASE_URL SECRET. Prints one line of figures; exits 1 on any other answer.
"""
import base64
import hashlib
import hmac
import json
import re
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
    examples = {"id": "00000000-0000-4000-8000-000000000000", "name": "line1", "lot": "L0001"}
    operations = [
        (method.upper(), re.sub(r"\{(\w+)\}", lambda m: examples[m.group(1)], path))
        for path, item in document["paths"].items() if path.startswith("/v1/")
        for method in item if method in ("get", "post", "put", "patch", "delete")
    ]
    sent, failures = 0, []
    for method, path in operations:
        for kind, header in credentials.items():
            body = b"{}" if method in ("POST", "PATCH") else None
            request = urllib.request.Request(f"{base}{path}", data=body, method=method)
            request.add_header("Content-Type", "application/json")
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
            if status != 401 or code != "unauthorized":
                failures.append(f"{method} {path} with {kind} token: {status} {text[:200]!r}")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"auth: {len(operations)} operations x {len(credentials)} bad credentials = {sent} requests, "
          f"{len(failures)} not answered 401")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
