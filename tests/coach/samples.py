"""A fixed set of sample complaints and the findings the coach must give for each."""

GOOD = dict(
    text="11月3日收到的蓝牙耳机左耳没有声音。商品页面写着双耳立体声，实际只有右耳有声音。"
    "已和客服沟通两次，对方让我等待。希望退货退款299元。",
    category="quality",
    demand="return_refund",
    amount_fen=29900,
    order_number="202611200001",
    evidence_count=2,
)

# name → (overrides of GOOD, the finding codes expected, exactly)
SAMPLES = {
    "good": ({}, set()),
    "too_long": ({"text": GOOD["text"] + "我真的很生气，" * 70}, {"too_long"}),
    "long_opening": (
        {
            "text": "我在"
            + "那家店里看了很久" * 12
            + "，11月3日收到耳机。页面写着立体声，实际没有声音。"
        },
        {"too_long"},
    ),
    "missing_order_number": ({"order_number": ""}, {"missing_order_number"}),
    "order_number_in_text": (
        {"order_number": "", "text": GOOD["text"] + "订单号202611200001。"},
        set(),
    ),
    "missing_date": (
        {"text": "收到的蓝牙耳机左耳没有声音。商品页面写着双耳立体声，实际只有右耳有声音。"},
        {"missing_date"},
    ),
    "missing_promise_vs_received": (
        {"text": "11月3日买的耳机坏了，左耳不响。"},
        {"missing_promise_vs_received"},
    ),
    "missing_amount": (
        {
            "category": "refund",
            "demand": "exchange",
            "amount_fen": None,
            "text": "11月3日申请退款，商家一直不处理。",
        },
        {"missing_amount"},
    ),
    "exaggeration": (
        {"text": GOOD["text"] + "你们就是骗子，史上最差的平台，所有人都被坑了。"},
        {"exaggeration"},
    ),
    "insult": ({"text": GOOD["text"] + "客服是垃圾，脑残。"}, {"insult"}),
    "threat": ({"text": GOOD["text"] + "不解决就等着瞧，我会找人收拾你们。"}, {"threat"}),
    "threat_shop": ({"text": GOOD["text"] + "再不退款我就去砸店。"}, {"threat"}),
    "threat_kill": ({"text": GOOD["text"] + "信不信我弄死你。"}, {"threat"}),
    "threat_family": ({"text": GOOD["text"] + "不处理我就曝光你全家。"}, {"threat"}),
    # Going public about the complaint itself is not a threat to a person.
    "exposure_is_a_right": ({"text": GOOD["text"] + "不解决我会向12315投诉。"}, set()),
    "no_demand": ({"demand": ""}, {"no_demand"}),
    "no_amount": ({"amount_fen": None}, {"no_amount"}),
    "no_evidence": ({"evidence_count": 0}, {"no_evidence"}),
    "empty": ({"text": "  "}, {"empty"}),
    # Segmentation: 滚 (an insult) is not found inside 滚筒 (a washing-machine drum).
    "word_inside_word": ({"text": GOOD["text"] + "滚筒也有异响。"}, set()),
}
