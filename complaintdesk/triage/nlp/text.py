"""Text normalisation, language detection and word segmentation for triage.

- :func:`normalize` applies NFKC (full-width → half-width, compatibility forms), lower-cases
  Latin letters, folds common traditional characters to simplified ones with a small table
  written for complaint vocabulary (not a full converter: character n-grams cover the rest),
  and collapses whitespace.
- :func:`detect_language` returns ``"zh"`` or ``"en"`` from the ratio of CJK to Latin letters.
- :func:`tokenize` segments with jieba-rs (through rjieba: the dictionary and HMM of jieba,
  about 15× faster than the pure-Python jieba), loaded lazily once per process, with Latin runs
  split as jieba splits them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

# Pairs "traditional simplified", written for the vocabulary of complaints (money, orders,
# courses, delivery, insurance, risk words).  Where one simplified character has several
# traditional forms, the most common one comes first (used by :func:`to_traditional`).
_TRAD_SIMP_PAIRS = (
    "訴诉 錢钱 費费 買买 賣卖 貨货 課课 師师 險险 賠赔 償偿 騙骗 們们 這这 個个 說说 話话 "
    "時时 間间 還还 沒没 來来 國国 後后 發发 訂订 單单 對对 電电 網网 題题 問问 應应 處处 "
    "經经 過过 給给 無无 與与 為为 會会 東东 質质 體体 車车 騎骑 飯饭 門门 開开 關关 帳账 "
    "賬账 號号 碼码 戶户 員员 務务 態态 聯联 係系 繫系 樣样 讓让 請请 謝谢 頁页 據据 資资 "
    "訊讯 報报 導导 監监 銀银 協协 訟讼 傷伤 醫医 燒烧 嚴严 氣气 垃垃 圾圾 麼么 嗎吗 幾几 "
    "態态 歲岁 兒儿 孫孙 媽妈 爺爷 寶宝 親亲 書书 籍籍 學学 習习 級级 線线 視视 頻频 "
    "終终 斷断 纜缆 壞坏 質质 換换 團团 購购 優优 惠惠 價价 額额 補补 賞赏 約约 續续 "
    "約约 贈赠 動动 點点 擊击 連连 這这 產产 品品 廠厂 裝装 運运 遞递 達达 慢慢 遲迟 "
    "丟丢 嗎吗 誤误 錯错 漏漏 灑洒 髒脏 蟲虫 變变 餿馊 過过 敏敏 醫医 腸肠 業业 "
    "證证 認认 識识 護护 權权 賴赖 拒拒 絕绝 範范 條条 例例 規规 則则 齊齐 準准 確确 "
    "將将 於于 當当 從从 並并 從从 雖虽 讓让 總总 實实 際际 現现 場场 員员 責责 任任 "
    "負负 擔担 調调 查查 結结 論论 決决 辦办 據据 聽听 見见 覺觉 頭头 腦脑 氣气 憤愤 "
    "惡恶 劣劣 噁恶 騷骚 擾扰 洩泄 漏漏 盜盗 鎖锁 碼码 驗验 傳传 備备 據据 註注 銷销 "
    "紀纪 錄录 閉闭 隨随 邊边 擬拟 義义 專专 屬属 險险 種种 類类 項项 紹绍 銷销 售售 "
    "標标 題题 飾饰 顏颜 尺尺 寸寸 層层 邊边 壓压 爛烂 碎碎 損损 殘残 缺缺 舊旧 滿满 "
    "罰罚 樂乐 歡欢 喜喜 謊谎 詐诈 欺欺 圖图 灣湾 臺台 檯台 湧涌 擠挤 鬧闹 難难 願愿 "
    "媒媒 曝曝 光光 園园 區区 鄉乡 縣县 郵邮 鐘钟 鐵铁 隊队 陸陆 陽阳 陰阴 隱隐 "
    "馬马 驚惊 魚鱼 鳥鸟 麵面 齒齿 龍龙 龜龟 億亿 萬万 倆俩 側侧 偵侦 僅仅 優优 "
    "兩两 冊册 劃划 劑剂 勞劳 勢势 勵励 區区 華华 協协 卻却 廳厅 歷历 參参 雙双 "
    "發发 變变 敘叙 葉叶 號号 嘆叹 嚮向 團团 圍围 國国 壇坛 聲声 壺壶 夠够 夢梦 "
    "奪夺 獎奖 婦妇 孿孪 寫写 審审 將将 尋寻 導导 屆届 歲岁 島岛 帶带 幫帮 廣广 "
    "張张 彈弹 徑径 從从 復复 憂忧 懷怀 態态 戰战 掃扫 擇择 攤摊 敗败 數数 斷断 "
    "舊旧 暫暂 機机 殺杀 氣气 決决 滅灭 測测 準准 濟济 燈灯 營营 爭争 猶犹 獨独 "
    "環环 療疗 發发 盡尽 積积 窮穷 節节 範范 簡简 糧粮 紅红 納纳 紙纸 細细 組组 "
    "絡络 給给 統统 維维 綜综 緊紧 練练 織织 罷罢 義义 習习 聖圣 職职 脅胁 腳脚 "
    "興兴 舉举 艱艰 藥药 蘭兰 處处 虧亏 裡里 裏里 褲裤 規规 親亲 觀观 計计 記记 "
    "設设 許许 訪访 詢询 試试 詳详 誠诚 誰谁 課课 調调 談谈 講讲 謀谋 議议 護护 "
    "讀读 變变 貝贝 負负 貢贡 貴贵 貸贷 賀贺 資资 賺赚 贊赞 趕赶 跡迹 蹤踪 軟软 "
    "輕轻 輛辆 輸输 轉转 辦办 辭辞 農农 邏逻 選选 遺遗 郵邮 鄰邻 釋释 針针 錶表 "
    "鏈链 鏡镜 長长 閃闪 閱阅 闆板 陣阵 際际 雜杂 離离 雲云 電电 靈灵 韓韩 順顺 "
    "須须 預预 領领 顧顾 風风 飛飞 飲饮 飽饱 館馆 驗验 髮发 鬥斗 鬧闹 黃黄"
)

_TRAD_TO_SIMP: dict[str, str] = {}
_SIMP_TO_TRAD: dict[str, str] = {}
for _pair in _TRAD_SIMP_PAIRS.split():
    _trad, _simp = _pair[0], _pair[1]
    if _trad != _simp:
        _TRAD_TO_SIMP.setdefault(_trad, _simp)
        _SIMP_TO_TRAD.setdefault(_simp, _trad)
_FOLD_TABLE = str.maketrans(_TRAD_TO_SIMP)
_UNFOLD_TABLE = str.maketrans(_SIMP_TO_TRAD)

_WHITESPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_EXCEL_ARTEFACT = re.compile(r"_x000[dD]_")

_segmenter_lock = threading.Lock()
_segmenter: Any = None


def fold_traditional(text: str) -> str:
    """Replace the traditional characters known to the table with simplified ones."""
    return text.translate(_FOLD_TABLE)


def to_traditional(text: str) -> str:
    """Approximate simplified → traditional conversion with the same table (test data only)."""
    return text.translate(_UNFOLD_TABLE)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """NFKC, lower-case, traditional → simplified folding and single spaces."""
    cleaned = _EXCEL_ARTEFACT.sub(" ", text)
    cleaned = unicodedata.normalize("NFKC", cleaned).lower()
    cleaned = fold_traditional(cleaned)
    return _WHITESPACE.sub(" ", cleaned).strip()


def detect_language(text: str) -> str:
    """``"zh"`` when CJK characters make up at least 30% of letters, otherwise ``"en"``.

    Text without any letters (digits, emoji) is reported as ``"zh"``, the product default.
    """
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk == 0 and latin_words == 0:
        return "zh"
    # One CJK character carries about as much as one English word.
    return "zh" if cjk >= 0.3 * (cjk + latin_words) else "en"


def _cut() -> Any:
    """rjieba's ``cut``, imported once, on the first segmentation (the import loads the
    dictionary)."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                import rjieba

                _segmenter = rjieba.cut
    return _segmenter


# jieba-rs keeps a Latin run joined by "." "_" or "-" as one word ("auto-renew", "t_t",
# "yahoo.com"); jieba splits it into its letter-and-digit parts, keeping a decimal and a
# percentage whole ("38.5", "50%").  The models were fitted on jieba's words, so the run is
# split again the way jieba splits it.
_JOINED_LATIN = re.compile(r"[a-z0-9]*[._\-][a-z0-9._%\-]*", re.IGNORECASE)
_LATIN_PART = re.compile(r"([a-z0-9]+(?:\.\d+)?%?)", re.IGNORECASE)


def tokenize(text: str) -> list[str]:
    """Words of ``text`` (already normalised or not): jieba's segmentation for Chinese, split
    for Latin, without whitespace and punctuation."""
    return [part for word in _cut()(normalize(text), hmm=True) for part in _word_parts(word)]


@lru_cache(maxsize=65536)
def _word_parts(word: str) -> tuple[str, ...]:
    """The words a segment stands for: none for whitespace and punctuation, a joined Latin run
    split, else the segment itself (cached: a batch repeats most of its words)."""
    word = word.strip()
    if not word or _is_punctuation(word):
        return ()
    if _JOINED_LATIN.fullmatch(word) and not _LATIN_PART.fullmatch(word):
        parts = (part.strip() for part in _LATIN_PART.split(word))
        return tuple(part for part in parts if part and not _is_punctuation(part))
    return (word,)


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PSZ" for ch in token)


def has_latin(text: str) -> bool:
    """Whether the text holds any Latin letter (used to pick English lexicon terms)."""
    return bool(_LATIN.search(text))


# Words that mark the clause where a complainant says what they want (the request usually
# closes a complaint, but not always: "我要求退款，不然就投诉到12315").
_REQUEST_MARKERS = re.compile(
    r"要求|希望|请|给我|我要|必须|否则|能否|能不能|尽快|应该|马上|立即|立刻|赶紧|麻烦"
    r"|want|demand|request|please|expect|should|must|asap"
)
_CLAUSE_BREAK = re.compile(r"[。！？!?；;，,\n]+")


def request_clauses(text: str) -> str:
    """The clauses of a normalised text that carry a request marker, joined by " | "; the
    last two clauses when none does.  The demand model reads them as a second view."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    asked = [c for c in clauses if _REQUEST_MARKERS.search(c)]
    return " | ".join(asked or clauses[-2:])
