"""Demo texts for the organisation's record, in ar/en/he. Pure data, fictional where it is not
the public record of 7amleh's 2022 (the announcement of its annual report)."""

from typing import Final, TypedDict


class Texts(TypedDict):
    ar: str
    en: str
    he: str


class PublicationText(TypedDict):
    kind: str
    month: int
    day: int
    topics: list[str]
    title: Texts
    summary: Texts


# Thirteen publications of an organisational year: five studies, two position papers, a legal
# analysis, a guide, two surveys and two quarterly reports.
PUBLICATIONS: Final[list[PublicationText]] = [
    {
        "kind": "research",
        "month": 1,
        "day": 25,
        "topics": ["hate-speech"],
        "title": {
            "ar": "مؤشر العنصرية والتحريض ضد الفلسطينيين في شبكات التواصل العبرية",
            "en": "Index of racism and incitement against Palestinians on Hebrew social media",
            "he": "מדד הגזענות וההסתה נגד פלסטינים ברשתות החברתיות בעברית",
        },
        "summary": {
            "ar": "رصد سنوي لخطاب الكراهية والتحريض باللغة العبرية على المنصات الكبرى.",
            "en": "A yearly count of hateful and inciting posts in Hebrew on the major platforms.",
            "he": "ספירה שנתית של פוסטים שונאים ומסיתים בעברית בפלטפורמות הגדולות.",
        },
    },
    {
        "kind": "quarterly_report",
        "month": 4,
        "day": 12,
        "topics": ["documentation"],
        "title": {
            "ar": "انتهاكات الحقوق الرقمية الفلسطينية: تقرير الربع الأول",
            "en": "Violations of Palestinian digital rights: first-quarter report",
            "he": "הפרות של זכויות דיגיטליות של פלסטינים: דוח הרבעון הראשון",
        },
        "summary": {
            "ar": "ما وثّقه المرصد في الأشهر الثلاثة الأولى من السنة، حسب المنصة ونوع الانتهاك.",
            "en": (
                "What the observatory documented in the first three months, by platform and type."
            ),
            "he": "מה שתיעד המצפה בשלושת החודשים הראשונים, לפי פלטפורמה וסוג הפרה.",
        },
    },
    {
        "kind": "position_paper",
        "month": 3,
        "day": 8,
        "topics": ["surveillance"],
        "title": {
            "ar": "قطاع المراقبة الإسرائيلي والحقوق الرقمية الفلسطينية",
            "en": "The Israeli surveillance industry and Palestinian digital rights",
            "he": "תעשיית המעקב הישראלית וזכויות דיגיטליות של פלסטינים",
        },
        "summary": {
            "ar": "ورقة موقف حول صناعة المراقبة وأثرها على حرية التعبير والخصوصية.",
            "en": (
                "A position paper on the surveillance industry and "
                "its effect on speech and privacy."
            ),
            "he": "נייר עמדה על תעשיית המעקב והשפעתה על חופש הביטוי והפרטיות.",
        },
    },
    {
        "kind": "survey_results",
        "month": 5,
        "day": 3,
        "topics": ["digital-rights"],
        "title": {
            "ar": "النشاط الرقمي للشباب الفلسطيني: نتائج استطلاع",
            "en": "The digital activity of Palestinian youth: survey results",
            "he": "הפעילות הדיגיטלית של צעירים פלסטינים: תוצאות סקר",
        },
        "summary": {
            "ar": "كيف يستخدم الشباب المنصات وما الذي يخشونه عند النشر.",
            "en": "How young people use the platforms, and what they fear when they post.",
            "he": "איך צעירים משתמשים בפלטפורמות וממה הם חוששים כשהם מפרסמים.",
        },
    },
    {
        "kind": "legal_analysis",
        "month": 2,
        "day": 20,
        "topics": ["content-moderation"],
        "title": {
            "ar": "تحليل قانوني لمشروع قانون منع «التحريض» على شبكات التواصل",
            "en": "Legal analysis of the bill on preventing “incitement” on social media",
            "he": "ניתוח משפטי של הצעת החוק למניעת „הסתה” ברשתות החברתיות",
        },
        "summary": {
            "ar": "ما الذي يغيره مشروع القانون ولماذا يهدد حرية التعبير.",
            "en": "What the bill would change, and why it threatens freedom of expression.",
            "he": "מה הצעת החוק תשנה ומדוע היא מאיימת על חופש הביטוי.",
        },
    },
    {
        "kind": "research",
        "month": 6,
        "day": 14,
        "topics": ["gender"],
        "title": {
            "ar": "العنف الرقمي ضد النساء الفلسطينيات",
            "en": "Online violence against Palestinian women",
            "he": "אלימות מקוונת נגד נשים פלסטיניות",
        },
        "summary": {
            "ar": "دراسة عن التحرش والابتزاز والتشهير الذي تتعرض له النساء على الإنترنت.",
            "en": "A study of the harassment, blackmail and smears women face online.",
            "he": "מחקר על ההטרדה, הסחיטה וההכפשה שנשים חוות ברשת.",
        },
    },
    {
        "kind": "position_paper",
        "month": 7,
        "day": 5,
        "topics": ["privacy"],
        "title": {
            "ar": "واقع الخصوصية والبيانات الشخصية في السياق الفلسطيني",
            "en": "Privacy and personal data in the Palestinian context",
            "he": "פרטיות ומידע אישי בהקשר הפלסטיני",
        },
        "summary": {
            "ar": "ورقة موقف حول غياب الحماية القانونية للبيانات الشخصية.",
            "en": "A position paper on the missing legal protection of personal data.",
            "he": "נייר עמדה על היעדר הגנה משפטית על מידע אישי.",
        },
    },
    {
        "kind": "guide",
        "month": 8,
        "day": 1,
        "topics": ["hate-speech"],
        "title": {
            "ar": "دليل مكافحة خطاب الكراهية في الفضاء الرقمي",
            "en": "A guide to countering hate speech online",
            "he": "מדריך להתמודדות עם שיח שנאה ברשת",
        },
        "summary": {
            "ar": "خطوات عملية للتوثيق والإبلاغ والرد على خطاب الكراهية.",
            "en": "Practical steps to document, report and answer hate speech.",
            "he": "צעדים מעשיים לתיעוד, דיווח ותגובה לשיח שנאה.",
        },
    },
    {
        "kind": "research",
        "month": 9,
        "day": 6,
        "topics": ["content-moderation"],
        "title": {
            "ar": "إدارة المحتوى العربي على منصات ميتا",
            "en": "Moderation of Arabic content on Meta's platforms",
            "he": "ניהול תוכן בערבית בפלטפורמות של מטא",
        },
        "summary": {
            "ar": "كيف تؤدي الأنظمة الآلية إلى حذف مفرط للمحتوى الفلسطيني.",
            "en": "How automated systems lead to the over-removal of Palestinian content.",
            "he": "כיצד מערכות אוטומטיות מובילות להסרת יתר של תוכן פלסטיני.",
        },
    },
    {
        "kind": "survey_results",
        "month": 10,
        "day": 11,
        "topics": ["privacy"],
        "title": {
            "ar": "مواقف الفلسطينيين من الخصوصية وحماية البيانات: نتائج استطلاع",
            "en": "Palestinians' attitudes to privacy and data protection: survey results",
            "he": "עמדות פלסטינים בנוגע לפרטיות והגנת מידע: תוצאות סקר",
        },
        "summary": {
            "ar": "ما يعرفه الناس عن بياناتهم ومن يثقون به لحمايتها.",
            "en": "What people know about their data, and whom they trust to protect it.",
            "he": "מה אנשים יודעים על המידע שלהם ובמי הם סומכים שיגן עליו.",
        },
    },
    {
        "kind": "quarterly_report",
        "month": 10,
        "day": 20,
        "topics": ["documentation"],
        "title": {
            "ar": "انتهاكات الحقوق الرقمية الفلسطينية: تقرير الربع الثالث",
            "en": "Violations of Palestinian digital rights: third-quarter report",
            "he": "הפרות של זכויות דיגיטליות של פלסטינים: דוח הרבעון השלישי",
        },
        "summary": {
            "ar": "ما وثّقه المرصد بين تموز وأيلول، وما حققته المتابعة مع المنصات.",
            "en": (
                "What the observatory documented from July to "
                "September, and what escalation achieved."
            ),
            "he": "מה שתיעד המצפה מיולי עד ספטמבר, ומה השיגה הפנייה לפלטפורמות.",
        },
    },
    {
        "kind": "research",
        "month": 11,
        "day": 15,
        "topics": ["digital-rights"],
        "title": {
            "ar": "الحقوق الرقمية للفلسطينيين في القدس الشرقية",
            "en": "The digital rights of Palestinians in East Jerusalem",
            "he": "הזכויות הדיגיטליות של פלסטינים במזרח ירושלים",
        },
        "summary": {
            "ar": "الوصول إلى الإنترنت والرقابة والملاحقة بسبب المنشورات.",
            "en": "Access to the internet, censorship and prosecution over posts.",
            "he": "גישה לאינטרנט, צנזורה והעמדה לדין בשל פוסטים.",
        },
    },
    {
        "kind": "research",
        "month": 12,
        "day": 12,
        "topics": ["digital-rights"],
        "title": {
            "ar": "الاتصال والوصول الرقمي في قطاع غزة",
            "en": "Connectivity and digital access in the Gaza Strip",
            "he": "קישוריות וגישה דיגיטלית ברצועת עזה",
        },
        "summary": {
            "ar": "البنية التحتية للاتصالات والقيود عليها وأثرها على الحياة اليومية.",
            "en": (
                "The telecommunications infrastructure, its "
                "restrictions and their toll on daily life."
            ),
            "he": "תשתית התקשורת, ההגבלות עליה ומחירן בחיי היומיום.",
        },
    },
]

TRAINING_TITLES: Final[dict[str, list[str]]] = {
    "digital-security": [
        "أساسيات الأمان الرقمي للصحفيين",
        "Digital security for activists",
        "حماية الحسابات من الاختراق",
    ],
    "digital-rights": ["الحقوق الرقمية والمنصات", "Digital rights 101", "זכויות דיגיטליות בפועל"],
    "digital-advocacy": ["المناصرة الرقمية للمؤسسات", "Campaigning online"],
    "documentation": ["توثيق الانتهاكات الرقمية", "Documenting takedowns"],
    "media-literacy": ["التربية الإعلامية لطلاب المدارس", "التحقق من الأخبار"],
}

# Fictional organisations (word by word: kind, who, place).
ORGANISATION_KINDS: Final[list[str]] = ["جمعية", "مركز", "منتدى", "اتحاد", "مؤسسة", "نادي"]
ORGANISATION_WHO: Final[list[str]] = [
    "الشباب",
    "النساء",
    "الإعلاميين",
    "الطلبة",
    "الحقوقيين",
    "المعلمين",
    "الفنانين",
    "المزارعين",
    "الأطباء",
]
ORGANISATION_PLACES: Final[list[str]] = [
    "في نابلس",
    "في حيفا",
    "في غزة",
    "في الخليل",
    "في القدس",
    "في جنين",
    "في الناصرة",
    "في رام الله",
    "في بيت لحم",
]

OUTLETS: Final[list[tuple[str, str]]] = [
    ("الجزيرة نت", "ar"),
    ("عرب 48", "ar"),
    ("وطن", "ar"),
    ("العربي الجديد", "ar"),
    ("The Guardian", "en"),
    ("+972 Magazine", "en"),
    ("Middle East Eye", "en"),
    ("Rest of World", "en"),
    ("Haaretz", "he"),
    ("שיחה מקומית", "he"),
    ("Le Monde", "other"),
]
