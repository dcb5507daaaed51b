"""Default vocabularies of the activities app, in ar/en/he: the topics of publications and
trainings, and the usual targets of advocacy. Loaded by a data migration that only adds what
is missing; administrators edit them afterwards. Slugs are stable: never change them."""

from typing import Final

from marsad.taxonomy.defaults import Names

TOPICS: Final[list[tuple[str, Names]]] = [
    ("digital-security", {"ar": "الأمان الرقمي", "en": "Digital security", "he": "אבטחה דיגיטלית"}),
    ("digital-rights", {"ar": "الحقوق الرقمية", "en": "Digital rights", "he": "זכויות דיגיטליות"}),
    (
        "digital-advocacy",
        {"ar": "المناصرة الرقمية", "en": "Digital advocacy", "he": "סנגור דיגיטלי"},
    ),
    (
        "documentation",
        {
            "ar": "توثيق الانتهاكات الرقمية",
            "en": "Documenting digital rights violations",
            "he": "תיעוד הפרות של זכויות דיגיטליות",
        },
    ),
    ("hate-speech", {"ar": "خطاب الكراهية", "en": "Hate speech", "he": "שיח שנאה"}),
    (
        "privacy",
        {
            "ar": "الخصوصية وحماية البيانات",
            "en": "Privacy and data protection",
            "he": "פרטיות והגנה על מידע",
        },
    ),
    ("surveillance", {"ar": "المراقبة", "en": "Surveillance", "he": "מעקב"}),
    (
        "content-moderation",
        {
            "ar": "إدارة المحتوى على المنصات",
            "en": "Content moderation",
            "he": "ניהול תוכן בפלטפורמות",
        },
    ),
    (
        "gender",
        {
            "ar": "النوع الاجتماعي والعنف الرقمي",
            "en": "Gender and online violence",
            "he": "מגדר ואלימות מקוונת",
        },
    ),
    ("media-literacy", {"ar": "التربية الإعلامية", "en": "Media literacy", "he": "אוריינות מדיה"}),
]

# (slug, kind, names)
ADVOCACY_TARGETS: Final[list[tuple[str, str, Names]]] = [
    ("meta", "company", {"ar": "ميتا", "en": "Meta", "he": "מטא"}),
    ("google", "company", {"ar": "غوغل", "en": "Google", "he": "גוגל"}),
    ("x-corp", "company", {"ar": "إكس", "en": "X", "he": "X"}),
    ("tiktok", "company", {"ar": "تيك توك", "en": "TikTok", "he": "טיקטוק"}),
    ("telegram", "company", {"ar": "تيليغرام", "en": "Telegram", "he": "טלגרם"}),
    ("paypal", "company", {"ar": "باي بال", "en": "PayPal", "he": "פייפאל"}),
    (
        "un-human-rights-council",
        "un",
        {
            "ar": "مجلس حقوق الإنسان التابع للأمم المتحدة",
            "en": "UN Human Rights Council",
            "he": "מועצת זכויות האדם של האו״ם",
        },
    ),
    (
        "un-special-procedures",
        "un",
        {
            "ar": "المقررون الخاصون للأمم المتحدة",
            "en": "UN Special Procedures",
            "he": "הנהלים המיוחדים של האו״ם",
        },
    ),
    (
        "ecosoc",
        "un",
        {
            "ar": "المجلس الاقتصادي والاجتماعي للأمم المتحدة",
            "en": "UN Economic and Social Council (ECOSOC)",
            "he": "המועצה הכלכלית והחברתית של האו״ם",
        },
    ),
    (
        "european-parliament",
        "eu",
        {
            "ar": "البرلمان الأوروبي",
            "en": "European Parliament",
            "he": "הפרלמנט האירופי",
        },
    ),
    (
        "european-commission",
        "eu",
        {
            "ar": "المفوضية الأوروبية",
            "en": "European Commission",
            "he": "הנציבות האירופית",
        },
    ),
    (
        "israeli-authorities",
        "government",
        {
            "ar": "السلطات الإسرائيلية",
            "en": "Israeli authorities",
            "he": "הרשויות בישראל",
        },
    ),
    (
        "palestinian-authority",
        "government",
        {
            "ar": "السلطة الفلسطينية",
            "en": "Palestinian Authority",
            "he": "הרשות הפלסטינית",
        },
    ),
]
