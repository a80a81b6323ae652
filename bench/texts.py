"""Varied Chinese complaint texts for the benchmark seed (``bench/seed.py``).

A description is two to four sentences picked by category from the phrase lists below,
with the product, amounts and days filled in, so that word frequencies and text
lengths spread the way real complaints do: a common word such as 退款 is in about a
quarter of the descriptions, not in all or none, and a phrase's words appear in
different orders and distances. Messages (the consumer following up, the platform's
replies, the merchant's answers) and internal notes are drawn the same way.

Everything is drawn from the ``random.Random`` passed in, so a seed reproduces the
same texts. Used by the seed for every benchmark that reads complaint texts (search,
analytics).
"""

from __future__ import annotations

import random

OPENINGS = [
    "{day}天前在这家店买了{product}。",
    "我在贵平台下单购买了{product}，",
    "上周收到{product}，",
    "本人购买的{product}出现问题，",
    "{product}是给家里老人买的，",
    "双十一活动期间买的{product}，",
    "第二次在这家店买{product}了，",
    "",
]

PROBLEMS = {
    "quality": [
        "用了{day}天就坏了，做工很差。",
        "开机没反应，充电也充不进去。",
        "外壳有明显裂痕，按键失灵。",
        "收到就有划痕，像是二手翻新的。",
        "质量太差了，跟图片完全不一样。",
        "耳机左耳没有声音，重新配对也不行。",
        "洗了一次就严重掉色缩水。",
    ],
    "not_as_described": [
        "商品详情页写的是{weight}斤，实际称重只有{weight2}斤多，与描述不符。",
        "颜色和图片差别很大，材质也不是页面说的纯棉。",
        "宣传的功能根本没有，型号也对不上。",
        "尺码偏小两个号，和尺码表写的不一样。",
    ],
    "wrong_or_missing": [
        "订单买了两件，只收到一件。",
        "发错了颜色，我要的是黑色收到的是白色。",
        "包裹里少了赠品和说明书。",
        "收到的是别人的商品，完全不是我买的东西。",
    ],
    "delivery": [
        "下单{day}天了还没有发货，客服一直说马上发。",
        "商家迟迟不发货，太慢了。",
        "物流信息{day}天没有更新，快递一直没到。",
        "显示已签收但是我根本没有收到包裹。",
        "发货太慢，承诺四十八小时发货结果等了一周。",
        "快递把包裹放在驿站也不通知，差点过期退回。",
    ],
    "refund": [
        "已经把货退回去一周了，商家签收后一直不退款。",
        "申请退款{day}天了还是没有处理，也不回复消息。",
        "商家同意退款但是钱一直没到账。",
        "退款申请被商家无理由拒绝了。",
        "说好的退货退款，现在只肯退一半。",
        "到现在还未退款，客服只会说在处理。",
    ],
    "counterfeit": [
        "收到的面霜批号查不到，怀疑是假货。",
        "包装和专柜不一样，防伪码扫出来是无效的。",
        "明显是仿冒品，做工粗糙，气味刺鼻。",
    ],
    "food_safety": [
        "打开后有异味，生产日期被涂改过。",
        "吃了以后肚子疼，去医院花了{amount}元。",
        "里面有虫子，已经拍照留证。",
        "收到时已经过了保质期。",
    ],
    "service": [
        "客服态度很差，问了三次都是机器人回复。",
        "转人工排队一小时，最后直接挂断。",
        "客服说话很不客气，还让我别再找他们。",
    ],
    "pricing": [
        "页面显示满三百减五十，结算时优惠没有生效，多付了{amount}元。",
        "下单后第二天就降价了，价保申请被拒。",
        "优惠券用不了，客服说是系统问题让我自己承担差价。",
    ],
    "other": [
        "问题比较复杂，电话里说不清楚。",
        "发票一直开不出来，报销用不了。",
        "账号被莫名限制下单，不知道原因。",
    ],
}

DEMANDS = [
    "要求退货退款。",
    "希望尽快退款。",
    "要求换一个新的。",
    "请平台介入处理。",
    "希望商家给个说法，赔偿损失。",
    "要求补发缺少的商品。",
    "请尽快发货，不然就申请退款。",
    "希望平台核实后处理，谢谢。",
    "",
]

MESSAGES = [
    "请问现在处理到哪一步了？",
    "已经过去{day}天了，还是没有退款。",
    "商家一直不回复，麻烦平台催一下。",
    "我已经上传了照片和聊天记录作为凭证。",
    "快递单号已经填好了，请查收退货。",
    "为什么还没有发货？太慢了。",
    "如果再不处理我就投诉到12315。",
    "好的，谢谢客服，我再等等。",
]
REPLIES = [  # the platform's public replies
    "您好，已联系商家核实，请耐心等待。",
    "您好，平台已介入，商家需在{day}日内答复。",
    "退款已提交，预计一到三个工作日到账。",
    "请补充商品问题的照片，方便我们判断。",
    "已催促商家尽快发货，请留意物流信息。",
]
MERCHANT = [  # the merchant's answers
    "亲，已经为您安排补发，请注意查收。",
    "商品经检测无质量问题，不同意退款。",
    "同意退货退款，请寄回时保留单号。",
    "仓库发货延迟，非常抱歉，今天一定发出。",
]
NOTES = [  # internal notes, staff only
    "已电话联系消费者，情绪较激动，需优先跟进。",
    "商家多次超时未回复，记入考核。",
    "疑似职业索赔，核实购买记录后再处理。",
    "与物流确认，包裹在中转站滞留。",
    "退款渠道异常，已转财务核查。",
]


def _fill(rnd: random.Random, text: str, product: str) -> str:
    weight = rnd.randint(3, 10)
    return text.format(
        product=product,
        day=rnd.randint(2, 20),
        amount=rnd.randint(5, 300),
        weight=weight,
        weight2=weight - rnd.randint(1, 2),
    )


def description(rnd: random.Random, category: str, product: str) -> str:
    """A complaint's description, 25 to 120 characters."""
    problems = PROBLEMS.get(category) or PROBLEMS["other"]
    parts = [rnd.choice(OPENINGS)]
    parts += rnd.sample(problems, k=min(len(problems), rnd.choice((1, 1, 2))))
    if rnd.random() < 0.15:  # a second complaint besides the main one
        parts.append(rnd.choice(PROBLEMS[rnd.choice(list(PROBLEMS))]))
    parts.append(rnd.choice(DEMANDS))
    return _fill(rnd, "".join(parts), product) or _fill(rnd, problems[0], product)


def message(rnd: random.Random, kind: str, product: str = "") -> str:
    """A message on the timeline: ``consumer``, ``platform``, ``merchant`` or ``note``."""
    pool = {"consumer": MESSAGES, "platform": REPLIES, "merchant": MERCHANT, "note": NOTES}[kind]
    return _fill(rnd, rnd.choice(pool), product)
