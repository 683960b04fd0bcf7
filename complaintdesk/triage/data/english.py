# ruff: noqa: E501 -- phrase data: Chinese characters are double width, one phrase per pool entry
"""English rows of the labelled set, built from small hand-written pools (train/test disjoint).

Each entry of :data:`ENGLISH_ROWS` is ``(text, (category, demand, priority, risk_flags,
sentiment, industry, split))``.
"""

from __future__ import annotations

import random

# (industry, category, train phrases, test phrases); "|safety" marks a safety risk.
_PROBLEMS = [
    ("ecommerce", "quality", ["The {x} stopped working after two days", "The {x} arrived cracked and scratched"],
     ["The {x} broke within a week"]),
    ("ecommerce", "misdescription", ["The {x} looks nothing like the photos on the listing",
                                     "The listing said genuine leather but it is plastic"],
     ["The product page promised features this {x} does not have"]),
    ("ecommerce", "logistics", ["My parcel has been stuck in transit for ten days",
                                "Tracking says delivered but I never received the {x}"],
     ["The courier left my package outside and it got stolen"]),
    ("education", "contract", ["The school cancelled my classes and never rescheduled them",
                               "I was promised a refund for unused lessons but never got it"],
     ["Half of the course was never delivered"]),
    ("education", "quality", ["The tutor reads from the slides and teaches nothing"],
     ["The teacher keeps showing up late and unprepared"]),
    ("delivery", "logistics", ["The rider was an hour late and the food was cold",
                               "The rider ran a red light and almost hit me|safety"],
     ["My order was delivered to the wrong building"]),
    ("delivery", "quality", ["I got food poisoning after eating your {x}|safety",
                             "There was a bug in my {x}|safety"],
     ["The {x} smelled spoiled when it arrived"]),
    ("insurance", "contract", ["My claim was denied even though the policy covers it",
                               "My claim has been pending for two months"],
     ["The insurer keeps delaying payment of my claim"]),
    ("insurance", "misdescription", ["The agent told me this policy was a savings account"],
     ["The agent hid the waiting period from me"]),
    ("ecommerce", "billing", ["I was charged twice for the same order",
                              "You renewed my membership without asking me"],
     ["There is a fee on my bill that I never agreed to"]),
    ("education", "technical", ["The app crashes every time I open a lesson",
                                "I cannot log in to the learning platform"],
     ["The video lessons will not play at all"]),
    ("ecommerce", "service", ["Your support team never answers my messages",
                              "The agent was rude and hung up on me"],
     ["Nobody called me back as promised"]),
    ("insurance", "account_security", ["Someone hacked my account and changed my details",
                                       "My personal data was leaked and now I get scam calls|breach"],
     ["My account was locked without any reason"]),
]
_DEMANDS = {
    "refund": (["I want a full refund.", "Please refund my money."], ["Give me my money back."]),
    "compensation": (["I expect compensation for this.", "Pay for my losses."],
                     ["I want to be compensated."]),
    "explanation": (["Please explain what happened.", "I want an explanation."],
                    ["Tell me why this happened."]),
    "redo": (["Please send a replacement.", "Fix it as soon as possible."], ["Redo it properly."]),
    "apology": (["I want an apology.", "The staff member should be disciplined."],
                ["Someone needs to apologise."]),
    "cancel_service": (["Cancel my subscription now.", "I want to terminate the contract."],
                       ["Stop the automatic renewal."]),
}
_DEMAND_FOR = {
    "quality": ("refund", "compensation", "redo"), "misdescription": ("refund", "compensation"),
    "logistics": ("redo", "refund", "explanation"), "contract": ("refund", "explanation"),
    "billing": ("refund", "cancel_service"), "technical": ("redo", "explanation"),
    "service": ("apology", "explanation"), "account_security": ("explanation", "compensation"),
}
_RISKS = {
    "legal_threat": (["I will sue you.", "My lawyer will contact you."], ["I am taking legal action."]),
    "regulator": (["I will file a complaint with the regulator.", "I am reporting this to the CFPB."],
                  ["I will contact the consumer protection agency."]),
    "media_exposure": (["I will post this on social media."], ["I will go to the press."]),
    "repeat": (["This is the third time I have complained.", "I already complained twice."],
               ["I have contacted you several times and it is still not resolved."]),
}
_TONES = {
    "angry": (["This is a disgrace!!", "You are scammers!"], ["Absolutely outrageous!!"]),
    "negative": (["Very disappointing.", "Not acceptable."], ["I am unhappy with this."]),
    "neutral": (["Could you please look into it? Thanks.", "Hi, just a question."],
                ["Hello, could you check this for me? Thank you."]),
}
_ITEMS = ["phone", "jacket", "headphones", "pizza", "burger", "laptop"]


def _priority(flags: set[str], breach: bool, tone: str) -> str:
    if flags & {"legal_threat", "regulator", "media_exposure", "safety"} or breach:
        return "urgent"
    if "repeat" in flags or tone == "angry":
        return "high"
    return "low" if tone == "neutral" else "normal"


def _build(seed: int = 7) -> list[tuple[str, tuple[str, ...]]]:
    rng = random.Random(seed)
    rows: list[tuple[str, tuple[str, ...]]] = []
    for split, count, side in (("train", 130, 0), ("test", 40, 1)):
        for _ in range(count):
            industry, category, *pools = rng.choice(_PROBLEMS)
            problem, *markers = rng.choice(pools[side]).format(x=rng.choice(_ITEMS)).split("|")
            demand = rng.choice(_DEMAND_FOR[category])
            tone = rng.choice(["angry", "negative", "negative", "neutral"])
            flags = {"safety"} if "safety" in markers else set()
            parts = [problem + ".", rng.choice(_DEMANDS[demand][side])]
            if tone != "neutral" and rng.random() < 0.35:
                flag = rng.choice(sorted(_RISKS))
                flags.add(flag)
                parts.append(rng.choice(_RISKS[flag][side]))
            tone_text = rng.choice(_TONES[tone][side])
            parts = [tone_text, *parts] if tone == "neutral" else [*parts, tone_text]
            priority = _priority(flags, "breach" in markers, tone)
            sentiment = {"angry": "angry", "negative": "negative", "neutral": "neutral"}[tone]
            labels = (category, demand, priority, ";".join(sorted(flags)), sentiment, industry, split)
            rows.append((" ".join(parts), labels))
    return rows


ENGLISH_ROWS = _build()
