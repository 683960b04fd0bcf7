"""Demo complaints for the four industries the product serves, written for the product.

Each template has slots filled from the lists beside it, so a few hundred complaints read
differently while staying plausible. ``department`` is where a triage agent would send it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    industry: str
    department: str
    title: str
    text: str
    items: tuple[str, ...]
    amounts: tuple[str, ...]
    demand: str
    category: str
    priority: str = "normal"


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
]

TEMPLATES: tuple[Template, ...] = (
    Template(
        "ecommerce",
        "logistics",
        "快递一直不更新",
        "我{days}天前在贵店买的{item}，物流信息停在中转站已经好几天没更新了，客服只会让我再等等。"
        "请尽快查明包裹去向，如果丢了就给我补发。",
        ("空气炸锅", "儿童羽绒服", "机械键盘", "扫地机器人"),
        ("329.00", "459.00", "899.00"),
        "redo",
        "logistics",
    ),
    Template(
        "ecommerce",
        "cs",
        "收到的商品与描述不符",
        "页面上写的{item}是全新正品，到手发现包装被拆过，还有明显划痕。我要求退货退款，"
        "运费应由商家承担。",
        ("蓝牙耳机", "平板电脑", "电饭煲", "运动手表"),
        ("199.00", "1299.00", "2399.00"),
        "return_exchange",
        "misdescription",
    ),
    Template(
        "ecommerce",
        "finance",
        "同一笔订单被扣了两次钱",
        "昨天下单{item}时支付页面卡住，结果银行卡被扣了两次，每次{amount}元。订单只有一笔，"
        "请把多扣的钱退回来。",
        ("洗衣液礼盒", "猫粮", "净水器滤芯"),
        ("86.50", "158.00", "268.00"),
        "refund",
        "billing",
        "high",
    ),
    Template(
        "ecommerce",
        "legal",
        "买到假货要求赔偿",
        "在你们店买的{item}经专柜鉴定是假货！我已经保留了鉴定报告，要求退一赔三，"
        "三天内不处理我就向12315投诉并找律师。",
        ("名牌香水", "运动鞋", "护肤套装"),
        ("680.00", "1099.00", "1580.00"),
        "compensation",
        "quality",
        "urgent",
    ),
    Template(
        "education",
        "teaching",
        "课程视频无法播放",
        "报名的{item}从前天开始视频一直加载失败，换了手机和电脑都不行，马上要考试了，"
        "耽误的课时怎么算？请尽快修复并安排补课。",
        ("考研英语全程班", "Python 入门课", "雅思冲刺班"),
        ("1980.00", "2999.00", "4680.00"),
        "redo",
        "technical",
        "high",
    ),
    Template(
        "education",
        "finance",
        "申请退还剩余课时费用",
        "我在{days}天前报了{item}，一共 48 节课只上了 6 节，老师频繁更换，教学质量和宣传差距很大。"
        "按合同申请退还剩余课时的费用。",
        ("少儿编程年卡", "钢琴陪练课", "成人口语课"),
        ("3600.00", "5800.00", "6999.00"),
        "refund",
        "contract",
    ),
    Template(
        "education",
        "cs",
        "自动续费没有提醒",
        "{item}会员到期后被自动续费了{amount}元，事前没有任何提醒，我也从没同意过自动续费。"
        "请退款并关闭自动续费。",
        ("网课 VIP 会员", "背单词年卡", "直播课月卡"),
        ("198.00", "298.00", "399.00"),
        "cancel_service",
        "billing",
    ),
    Template(
        "education",
        "teaching",
        "老师上课态度差",
        "孩子参加{item}，老师上课经常迟到，还当着其他同学的面批评孩子笨。孩子现在很抵触上课，"
        "希望给个说法并更换老师。",
        ("小学数学提高班", "英语自然拼读课"),
        ("2680.00", "3280.00"),
        "apology",
        "service",
        "high",
    ),
    Template(
        "delivery",
        "logistics",
        "骑手送餐超时还态度恶劣",
        "今天中午点的{item}超时五十分钟才送到，饭都凉了。打电话问骑手，他还骂人。"
        "要求平台处理这个骑手并给予补偿。",
        ("黄焖鸡米饭", "麻辣烫", "奶茶两杯"),
        ("32.00", "45.50", "28.00"),
        "compensation",
        "logistics",
        "high",
    ),
    Template(
        "delivery",
        "legal",
        "外卖吃出异物后腹泻",
        "昨晚点的{item}里吃出一根头发，吃完后全家都拉肚子，已经去医院看了急诊，有病历和发票。"
        "要求商家赔偿医药费，否则我会发到微博曝光。",
        ("酸菜鱼套餐", "烧烤拼盘", "寿司拼盘"),
        ("128.00", "156.00", "198.00"),
        "compensation",
        "quality",
        "urgent",
    ),
    Template(
        "delivery",
        "cs",
        "少送了餐品",
        "订单里的{item}少送了一份，联系商家说已经出餐了让我找平台，来回推诿。请补送或退款。",
        ("鸡腿饭", "饮料", "小菜"),
        ("18.00", "9.90", "12.00"),
        "refund",
        "service",
        "low",
    ),
    Template(
        "insurance",
        "legal",
        "理赔被拒不合理",
        "我在{days}天前提交的{item}理赔材料齐全，今天收到拒赔通知，理由是既往症，但投保时"
        "业务员从没问过。要求重新审核，否则我向金融监管局投诉。",
        ("百万医疗险", "重疾险", "意外险"),
        ("12000.00", "50000.00", "8600.00"),
        "explanation",
        "contract",
        "urgent",
    ),
    Template(
        "insurance",
        "cs",
        "退保扣费太多",
        "犹豫期刚过几天申请退保{item}，只退了不到一半的保费，业务员当初说随时可以全额退。"
        "这是误导销售，要求全额退还{amount}元。",
        ("年金险", "教育金保险"),
        ("10000.00", "24000.00"),
        "refund",
        "misdescription",
        "high",
    ),
    Template(
        "insurance",
        "tech",
        "保单信息被泄露",
        "刚买了{item}就天天接到推销电话，对方能准确说出我的保单号和家庭住址。"
        "请查明信息是怎么泄露的，并给我一个书面说明。",
        ("车险", "家财险"),
        ("3200.00", "680.00"),
        "explanation",
        "account_security",
        "urgent",
    ),
)


#: Who the demo complaints are about, by industry: (code, name, kind).
RESPONDENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ecommerce": (
        ("shop-afu-digital", "阿福数码旗舰店", "merchant"),
        ("shop-lvyuan-home", "绿源家居专营店", "merchant"),
        ("shop-xiaoman-kids", "小满童装店", "merchant"),
    ),
    "education": (
        ("teacher-zhang", "张老师（少儿编程）", "teacher"),
        ("course-ielts-sprint", "雅思冲刺班", "course"),
    ),
    "delivery": (
        ("rider-station-xihu", "西湖区配送站", "rider"),
        ("shop-laowang-noodles", "老王面馆", "merchant"),
    ),
    "insurance": (("agent-chen", "陈经理（保险代理人）", "agent"),),
}
DISPUTE_QUESTIONS: dict[str, tuple[str, str]] = {
    "ecommerce": ("商品问题是否属于质量问题，商家是否应承担退货退款责任",
                  "请提供出厂质检报告、发货前检测记录及与买家的聊天记录"),
    "education": ("课程是否按约定交付，能否按未上课时退费",
                  "请提供上课记录、课表调整通知及学员确认记录"),
    "delivery": ("餐品损坏及延误的责任是否在配送一方",
                 "请提供配送轨迹、取餐和送达时间及餐品打包照片"),
    "insurance": ("代理人是否履行了免责条款的提示说明义务",
                  "请提供投保时的录音录像、签字确认的免责条款告知书"),
}
