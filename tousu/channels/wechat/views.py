"""The server endpoint WeChat calls (/channels/wechat/) and the simulator page.

GET verifies the URL (echo ``echostr`` on a good signature). POST carries a message:
plaintext, or encrypted (``encrypt_type=aes``) with ``msg_signature`` and an ``Encrypt``
field, answered in kind; in safe mode (``conf.SAFE``) a message that is not encrypted is
refused. Every check happens before anything is written: a wrong signature, a stale
timestamp, another AppID, malformed or entity-laden XML, or an oversized body is refused
with no side effect. Only then is the URL recorded (replay.py), and a URL that already
carried another message is refused too.
"""

from __future__ import annotations

import logging
import secrets
import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tousu.bodylimit import caps_own_body
from tousu.channels.wechat import crypto, dialogue, replay, simulator
from tousu.channels.wechat.conf import WechatConfig, config, simulator_enabled
from tousu.channels.wechat.xml import Inbound, XmlRefused, parse, text_reply
from tousu.complaints import access
from tousu.cursors import parse_key

log = logging.getLogger("tousu.wechat")

# WeChat gives up after 5 s; warn well before.
BUDGET_WARNING_SECONDS = 3.0


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        self.status, self.reason = status, reason
        super().__init__(reason)


def _check_request(request: HttpRequest, cfg: WechatConfig) -> tuple[str, str, int]:
    timestamp, nonce = request.GET.get("timestamp", ""), request.GET.get("nonce", "")
    if not timestamp or not nonce:
        raise Refused(403, "missing timestamp or nonce")
    sent = parse_key(timestamp)  # ASCII digits only: "²".isdigit() is true, int("²") raises
    if sent is None:
        raise Refused(400, "timestamp is not a number")
    if cfg.max_skew and abs(time.time() - sent) > cfg.max_skew:
        raise Refused(403, "stale timestamp")
    if not crypto.check_signature(cfg.token, request.GET.get("signature", ""), timestamp, nonce):
        raise Refused(403, "bad signature")
    return timestamp, nonce, sent


def _read_body(request: HttpRequest, cap: int) -> bytes:
    declared = parse_key(request.META.get("CONTENT_LENGTH") or "0")
    if declared is None:
        raise Refused(400, "bad Content-Length")
    if declared > cap:
        raise Refused(413, "body too large")
    body = request.read(cap + 1)
    if len(body) > cap:
        raise Refused(413, "body too large")
    return body


@caps_own_body  # TOUSU_WECHAT_MAX_BODY_BYTES (_read_body)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    started = time.monotonic()
    cfg = config()
    if not cfg.configured:
        raise Http404()
    try:
        timestamp, nonce, sent = _check_request(request, cfg)
        if request.method == "GET":
            return HttpResponse(request.GET.get("echostr", ""), content_type="text/plain")
        raw = _read_body(request, cfg.max_body)
        fields = parse(raw)
        safe = request.GET.get("encrypt_type", "raw") == "aes"
        if not (safe and "Encrypt" in fields) and not cfg.accepts_plaintext:
            # Safe mode: only msg_signature, over the Encrypt field, vouches for the body.
            raise Refused(403, "plaintext message refused in safe mode")
        message_crypt = crypto.MessageCrypt(cfg.token, cfg.aes_key, cfg.appid) if safe else None
        if message_crypt is not None:
            encrypted = fields.get("Encrypt", "")
            if not crypto.check_msg_signature(
                cfg.token, request.GET.get("msg_signature", ""), timestamp, nonce, encrypted
            ):
                raise Refused(403, "bad msg_signature")
            raw = message_crypt.decrypt(encrypted)
            fields = parse(raw)
        message = Inbound.from_fields(fields)
        signature = request.GET.get("signature", "")
        if not replay.first_use(timestamp, nonce, signature, sent, raw, cfg.max_skew):
            raise Refused(403, "replayed request")
    except Refused as refused:
        log.warning(
            "WeChat request refused (%s) from %s", refused.reason, request.META.get("REMOTE_ADDR")
        )
        return HttpResponse(refused.reason, status=refused.status, content_type="text/plain")
    except crypto.CryptoError as error:
        log.warning("WeChat request refused (%s)", error)
        return HttpResponse("cannot decrypt", status=403, content_type="text/plain")
    except XmlRefused as error:
        log.warning("WeChat request refused (bad XML: %s)", error)
        return HttpResponse("bad xml", status=400, content_type="text/plain")

    reply = dialogue.receive(message)
    if not reply:
        response = HttpResponse("success", content_type="text/plain")
    else:
        xml = text_reply(message.openid, message.account, reply)
        if message_crypt is not None:
            xml = message_crypt.wrap_reply(xml, str(int(time.time())), secrets.token_hex(8))
        response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    elapsed = time.monotonic() - started
    if elapsed > BUDGET_WARNING_SECONDS:
        log.warning(
            "WeChat reply to %s took %.1f s (WeChat gives up at 5 s)", message.dedupe_key, elapsed
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def simulator_page(request: HttpRequest) -> HttpResponse:
    """Staff page: play a WeChat user against the real endpoint, in-process."""
    if not simulator_enabled() or not access.may_use_desk(request.user):
        raise Http404()
    state = request.session.get("wechat_simulator", {})
    openid = state.get("openid") or f"o-sim-{secrets.token_hex(6)}"
    encrypted = state.get("encrypted", True)
    transcript = state.get("transcript", [])
    if request.method == "POST":
        action = request.POST.get("action", "text")
        encrypted = request.POST.get("encrypted") == "on"
        if action == "reset":
            openid, transcript = f"o-sim-{secrets.token_hex(6)}", []
        else:
            sim = simulator.Simulator(
                config(), encrypted=encrypted, send=simulator.in_process_sender()
            )
            exchange = sim.send(openid, action, request.POST.get("text", "").strip())
            transcript = (transcript + exchange.entries())[-60:]
        request.session["wechat_simulator"] = {
            "openid": openid,
            "encrypted": encrypted,
            "transcript": transcript,
        }
        return redirect("wechat:simulator")
    return render(
        request,
        "wechat/simulator.html",
        {"openid": openid, "encrypted": encrypted, "transcript": transcript},
    )
