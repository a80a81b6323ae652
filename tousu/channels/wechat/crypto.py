"""Signatures and the safe-mode message crypt of the official account protocol.

Follows the official protocol (docs/domain.md#wechat-official-account, docs/channels/wechat.md):

- signature = sha1 of token, timestamp and nonce sorted and concatenated;
- msg_signature = the same over token, timestamp, nonce and the ``Encrypt`` field;
- key = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC, IV = the first 16 key
  bytes; PKCS#7 padding to 32-byte blocks;
- plaintext = 16 random bytes + 4-byte big-endian length + message + AppID.

Signatures are compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeChat pads to 32 bytes, not the AES block size of 16


class CryptoError(ValueError):
    """The ciphertext, its padding or its AppID is not what the protocol says."""


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def same(expected: str, given: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII garbage without raising."""
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def check_signature(token: str, given: str, timestamp: str, nonce: str) -> bool:
    return same(signature(token, timestamp, nonce), given)


def check_msg_signature(token: str, given: str, timestamp: str, nonce: str, encrypted: str) -> bool:
    return same(signature(token, timestamp, nonce, encrypted), given)


def decode_key(encoding_aes_key: str) -> bytes:
    if len(encoding_aes_key) != 43:
        raise CryptoError("EncodingAESKey must be 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error as error:
        raise CryptoError("EncodingAESKey is not base64") from error
    if len(key) != 32:
        raise CryptoError("EncodingAESKey must decode to 32 bytes")
    return key


class MessageCrypt:
    """Encrypts and decrypts the ``Encrypt`` field for one account."""

    def __init__(self, token: str, encoding_aes_key: str, appid: str):
        self.token = token
        self.key = decode_key(encoding_aes_key)
        self.appid = appid

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: bytes, random16: bytes | None = None) -> str:
        random16 = random16 if random16 is not None else os.urandom(16)
        plain = random16 + struct.pack(">I", len(message)) + message + self.appid.encode()
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> bytes:
        """The message inside ``encrypted``; raises CryptoError, also for another AppID."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError) as error:
            raise CryptoError("Encrypt is not base64") from error
        if not data or len(data) % 16:
            raise CryptoError("ciphertext is not a whole number of blocks")
        decryptor = self._cipher().decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise CryptoError("bad padding")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise CryptoError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        if 20 + length > len(plain):
            raise CryptoError("length field beyond the plaintext")
        message, appid = plain[20 : 20 + length], plain[20 + length :]
        if not hmac.compare_digest(appid, self.appid.encode()):
            raise CryptoError("message is for another AppID")
        return message

    def wrap_reply(self, reply_xml: str, timestamp: str, nonce: str) -> str:
        """The encrypted passive reply: Encrypt, MsgSignature, TimeStamp, Nonce."""
        encrypted = self.encrypt(reply_xml.encode())
        sig = signature(self.token, timestamp, nonce, encrypted)
        return (
            f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
            f"<MsgSignature><![CDATA[{sig}]]></MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp>"
            f"<Nonce><![CDATA[{nonce}]]></Nonce></xml>"
        )
