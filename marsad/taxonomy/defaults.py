"""Default taxonomy for Marsad, in Arabic (ar), English (en) and Hebrew (he).

Pure data: loaded into the database on first setup and editable afterwards by administrators.
Slugs are stable identifiers and must not be translated or changed.
"""

from typing import Final, TypedDict


class Names(TypedDict):
    ar: str
    en: str
    he: str


class ViolationType(TypedDict):
    slug: str
    group: str
    name: Names
    definition: Names
    example: Names


class CrisisPeriod(TypedDict):
    slug: str
    starts_on: str
    ends_on: str | None
    name: Names
    description: Names


PLATFORMS: Final[list[tuple[str, Names]]] = [
    ("facebook", {"ar": "فيسبوك", "en": "Facebook", "he": "פייסבוק"}),
    ("instagram", {"ar": "إنستغرام", "en": "Instagram", "he": "אינסטגרם"}),
    ("whatsapp", {"ar": "واتساب", "en": "WhatsApp", "he": "וואטסאפ"}),
    ("messenger", {"ar": "ماسنجر", "en": "Messenger", "he": "מסנג'ר"}),
    ("threads", {"ar": "ثريدز", "en": "Threads", "he": "ת'רדס"}),
    ("x-twitter", {"ar": "إكس (تويتر)", "en": "X (Twitter)", "he": "X (טוויטר)"}),
    ("tiktok", {"ar": "تيك توك", "en": "TikTok", "he": "טיקטוק"}),
    ("youtube", {"ar": "يوتيوب", "en": "YouTube", "he": "יוטיוב"}),
    ("telegram", {"ar": "تيليغرام", "en": "Telegram", "he": "טלגרם"}),
    ("snapchat", {"ar": "سناب شات", "en": "Snapchat", "he": "סנאפצ'ט"}),
    ("linkedin", {"ar": "لينكد إن", "en": "LinkedIn", "he": "לינקדאין"}),
    ("google", {"ar": "جوجل", "en": "Google", "he": "גוגל"}),
    ("apple", {"ar": "آبل", "en": "Apple", "he": "אפל"}),
    ("paypal", {"ar": "باي بال", "en": "PayPal", "he": "פייפאל"}),
    ("airbnb", {"ar": "إير بي إن بي", "en": "Airbnb", "he": "Airbnb"}),
    ("booking", {"ar": "بوكينغ", "en": "Booking.com", "he": "בוקינג"}),
    ("other", {"ar": "منصة أخرى", "en": "Other", "he": "אחר"}),
]

VIOLATION_TYPE_GROUPS: Final[list[tuple[str, Names]]] = [
    ("censorship", {"ar": "الرقابة على المحتوى", "en": "Censorship", "he": "צנזורה"}),
    ("attacks", {"ar": "الاعتداءات الرقمية", "en": "Digital attacks", "he": "מתקפות דיגיטליות"}),
    ("harmful-speech", {"ar": "الخطاب الضار", "en": "Harmful speech", "he": "שיח פוגעני"}),
    (
        "state-action",
        {"ar": "إجراءات السلطات", "en": "Actions by authorities", "he": "פעולות של רשויות"},
    ),
]

VIOLATION_TYPES: Final[list[ViolationType]] = [
    # --- Censorship -------------------------------------------------------------------------
    {
        "slug": "content-removal",
        "group": "censorship",
        "name": {"ar": "حذف المحتوى", "en": "Content removal", "he": "הסרת תוכן"},
        "definition": {
            "ar": "حذفت المنصة منشورًا أو صورة أو فيديو أو تعليقًا أو قصة، أو أخفته عن الجميع. "
            "يشمل ذلك الحالات التي لم ترسل فيها المنصة إشعارًا أو لم تذكر سببًا.",
            "en": "A platform deleted a post, photo, video, comment or story, or hid it from "
            "everyone. This includes cases where the platform sent no notice or gave no reason.",
            "he": "הפלטפורמה מחקה פוסט, תמונה, סרטון, תגובה או סטורי, או הסתירה אותם מכולם. "
            "הדבר כולל גם מקרים שבהם הפלטפורמה לא שלחה הודעה או לא נתנה סיבה.",
        },
        "example": {
            "ar": "حذفت منصة إنستغرام منشورًا يُظهر آثار غارة جوية على غزة، مستندةً إلى "
            "سياستها بشأن المحتوى العنيف.",
            "en": "Instagram removed a post showing the aftermath of an airstrike in Gaza, "
            "citing its violence policy.",
            "he": "אינסטגרם הסירה פוסט שהציג את תוצאותיה של תקיפה אווירית בעזה, בהסתמך על "
            "מדיניותה בנושא תוכן אלים.",
        },
    },
    {
        "slug": "account-suspension",
        "group": "censorship",
        "name": {
            "ar": "تعليق أو حذف حساب أو صفحة",
            "en": "Account or page suspension or deletion",
            "he": "השעיה או מחיקה של חשבון או עמוד",
        },
        "definition": {
            "ar": "علّقت المنصة حسابًا شخصيًا أو صفحة أو مجموعة أو قناة مؤقتًا، أو عطّلتها، "
            "أو حذفتها نهائيًا.",
            "en": "A platform temporarily suspended, disabled or permanently deleted a personal "
            "account, page, group or channel.",
            "he": "הפלטפורמה השעתה באופן זמני, השביתה או מחקה לצמיתות חשבון אישי, עמוד, "
            "קבוצה או ערוץ.",
        },
        "example": {
            "ar": "عطّلت منصة فيسبوك نهائيًا صفحة إخبارية محلية في جنين بعد نشرها مقاطع "
            "مصوّرة لاقتحام عسكري للمدينة.",
            "en": "Facebook permanently disabled a local news page in Jenin after it shared "
            "footage of a military raid on the city.",
            "he": "פייסבוק השביתה לצמיתות עמוד חדשות מקומי בג'נין לאחר שפרסם צילומים של "
            "פשיטה צבאית על העיר.",
        },
    },
    {
        "slug": "restriction-reduced-reach",
        "group": "censorship",
        "name": {
            "ar": "تقييد الوصول أو تقليل الانتشار (الحظر الخفي)",
            "en": "Restriction or reduced reach (shadow-banning)",
            "he": "הגבלה או צמצום של תפוצה (שאדו-באן)",
        },
        "definition": {
            "ar": "يبقى المحتوى أو الحساب منشورًا، لكن عددًا أقل من الناس يستطيع رؤيته أو "
            "العثور عليه، كأن تختفي المنشورات من نتائج البحث أو الوسوم أو صفحات المتابعين، "
            "أو يتعذّر الإشارة إلى الحساب أو متابعته.",
            "en": "The content or account stays online, but fewer people can see or find it. "
            "For example, posts stop appearing in search, hashtags or followers' feeds, or the "
            "account can no longer be tagged or followed.",
            "he": "התוכן או החשבון נשארים ברשת, אך פחות אנשים יכולים לראות או למצוא אותם. "
            "למשל, פוסטים מפסיקים להופיע בחיפוש, בהאשטגים או בפיד של העוקבים, או שכבר אי "
            "אפשר לתייג את החשבון או לעקוב אחריו.",
        },
        "example": {
            "ar": "تراجعت مشاهدات قصص صحفية على إنستغرام عن القدس إلى جزء بسيط من معدلها "
            "المعتاد، وتوقف حسابها عن الظهور في نتائج البحث.",
            "en": "A journalist's Instagram stories about Jerusalem reached only a fraction of "
            "her usual viewers, and her account stopped appearing in search results.",
            "he": "הסטוריז של עיתונאית באינסטגרם על ירושלים הגיעו רק לשבריר מהצופים הרגילים "
            "שלה, והחשבון שלה הפסיק להופיע בתוצאות החיפוש.",
        },
    },
    {
        "slug": "feature-ban",
        "group": "censorship",
        "name": {
            "ar": "حظر البث المباشر أو ميزات أخرى",
            "en": "Live-stream or feature ban",
            "he": "חסימת שידור חי או תכונות אחרות",
        },
        "definition": {
            "ar": "يبقى الحساب فعّالًا، لكن المنصة تمنع استخدام ميزات معيّنة، مثل البث "
            "المباشر أو النشر أو التعليق أو إرسال الرسائل أو الإعلانات أو تحقيق الدخل.",
            "en": "The account stays active, but the platform blocks certain features, such as "
            "going live, posting, commenting, sending messages, advertising or monetisation.",
            "he": "החשבון נשאר פעיל, אך הפלטפורמה חוסמת שימוש בתכונות מסוימות, כמו שידור חי, "
            "פרסום פוסטים, תגובות, שליחת הודעות, פרסום ממומן או מונטיזציה.",
        },
        "example": {
            "ar": "مُنع صحفي في غزة من البث المباشر على فيسبوك لمدة 30 يومًا بعد أن بثّ من "
            "داخل مستشفى.",
            "en": "A journalist in Gaza was blocked from going live on Facebook for 30 days "
            "after broadcasting from inside a hospital.",
            "he": "עיתונאי בעזה נחסם משידור חי בפייסבוק למשך 30 יום לאחר ששידר מתוך בית חולים.",
        },
    },
    # --- Digital attacks --------------------------------------------------------------------
    {
        "slug": "hacking",
        "group": "attacks",
        "name": {
            "ar": "الاختراق أو الاستيلاء على الحساب",
            "en": "Hacking or account takeover",
            "he": "פריצה או השתלטות על חשבון",
        },
        "definition": {
            "ar": "دخل شخص إلى حساب أو هاتف أو جهاز دون إذن، أو سيطر على حساب ومنع صاحبه "
            "من الوصول إليه.",
            "en": "Someone got into an account, phone or device without permission, or took "
            "control of an account and locked the owner out.",
            "he": "מישהו נכנס לחשבון, לטלפון או למכשיר ללא רשות, או השתלט על חשבון ומנע "
            "מבעליו גישה אליו.",
        },
        "example": {
            "ar": "استُولي على حساب واتساب لناشطة بعد أن أدخلت رمز تحقق وصلها في رسالة "
            "مزيّفة، ثم استُخدم الحساب لمراسلة جهات الاتصال لديها.",
            "en": "An activist's WhatsApp account was taken over after she entered a "
            "verification code sent in a fake message, and it was then used to message her "
            "contacts.",
            "he": "חשבון הוואטסאפ של פעילה נפרץ לאחר שהזינה קוד אימות שקיבלה בהודעה מזויפת, "
            "ולאחר מכן נשלחו ממנו הודעות לאנשי הקשר שלה.",
        },
    },
    {
        "slug": "blackmail",
        "group": "attacks",
        "name": {
            "ar": "الابتزاز أو الابتزاز الجنسي",
            "en": "Blackmail or sextortion",
            "he": "סחיטה או סחיטה מינית",
        },
        "definition": {
            "ar": "تهديد شخص بنشر صور أو رسائل أو معلومات خاصة به ما لم يدفع مالًا أو يرسل "
            "مزيدًا من الصور أو ينفّذ مطالب أخرى.",
            "en": "Someone threatens to publish a person's private photos, messages or "
            "information unless they pay money, send more images or do something else demanded.",
            "he": "איום לפרסם תמונות, הודעות או מידע פרטיים של אדם אם לא ישלם כסף, ישלח "
            "תמונות נוספות או ייענה לדרישות אחרות.",
        },
        "example": {
            "ar": "تلقّت شابة رسائل من حساب مجهول يهدّد بنشر صور خاصة أُخذت من هاتفها ما لم "
            "ترسل مبلغًا من المال.",
            "en": "A young woman received messages from an unknown account threatening to share "
            "private photos taken from her phone unless she sent money.",
            "he": "צעירה קיבלה הודעות מחשבון אנונימי שאיים להפיץ תמונות פרטיות שנלקחו מהטלפון "
            "שלה אם לא תעביר כסף.",
        },
    },
    {
        "slug": "impersonation",
        "group": "attacks",
        "name": {"ar": "انتحال الشخصية", "en": "Impersonation", "he": "התחזות"},
        "definition": {
            "ar": "إنشاء حساب أو صفحة أو رقم هاتف أو استخدامه لانتحال صفة شخص أو مؤسسة "
            "حقيقية، بهدف خداع الآخرين أو الإساءة إلى السمعة.",
            "en": "Someone creates or uses an account, page or phone number that pretends to be "
            "a real person or organisation, to deceive others or damage a reputation.",
            "he": "יצירה או שימוש בחשבון, בעמוד או במספר טלפון שמתחזים לאדם או לארגון אמיתיים, "
            "כדי להונות אחרים או לפגוע בשמם הטוב.",
        },
        "example": {
            "ar": "طلبت صفحة مزيّفة على فيسبوك تحمل اسم مؤسسة حقوقية وشعارها تبرعات من الجمهور.",
            "en": "A fake Facebook page using a human-rights organisation's name and logo asked "
            "the public for donations.",
            "he": "עמוד פייסבוק מזויף שהשתמש בשם ובלוגו של ארגון זכויות אדם ביקש תרומות מהציבור.",
        },
    },
    {
        "slug": "doxxing",
        "group": "attacks",
        "name": {
            "ar": "نشر المعلومات الشخصية (دوكسينغ)",
            "en": "Doxxing",
            "he": "חשיפת פרטים אישיים (דוקסינג)",
        },
        "definition": {
            "ar": "نشر بيانات شخصية عن شخص دون موافقته، مثل عنوان السكن أو رقم الهاتف أو رقم "
            "الهوية أو مكان العمل أو أفراد العائلة، بما يعرّضه للمضايقة أو الأذى.",
            "en": "Someone publishes a person's private details, such as home address, phone "
            "number, ID number, workplace or family members, without consent, exposing them to "
            "harassment or harm.",
            "he": "פרסום פרטים אישיים של אדם ללא הסכמתו, כמו כתובת מגורים, מספר טלפון, מספר "
            "תעודת זהות, מקום עבודה או בני משפחה, באופן שחושף אותו להטרדה או לפגיעה.",
        },
        "example": {
            "ar": "نشرت قناة على تيليغرام صورة طالب جامعي وعنوان سكنه ورقم هاتفه، ودعت "
            "متابعيها إلى «زيارته».",
            "en": "A Telegram channel posted a university student's photo, home address and "
            "phone number, and called on its followers to 'pay him a visit'.",
            "he": "ערוץ טלגרם פרסם את התמונה, כתובת המגורים ומספר הטלפון של סטודנט, וקרא "
            'לעוקביו "לבקר אותו".',
        },
    },
    # --- Harmful speech ---------------------------------------------------------------------
    {
        "slug": "hate-speech",
        "group": "harmful-speech",
        "name": {"ar": "خطاب الكراهية", "en": "Hate speech", "he": "שיח שנאה"},
        "definition": {
            "ar": "محتوى يهاجم أشخاصًا أو يهينهم أو يجرّدهم من إنسانيتهم بسبب انتمائهم القومي "
            "أو العرقي أو دينهم أو نوعهم الاجتماعي أو أي هوية أخرى.",
            "en": "Content that attacks, insults or dehumanises people because of their "
            "national or ethnic origin, religion, gender or another part of their identity.",
            "he": "תוכן שתוקף אנשים, מעליב אותם או שולל את אנושיותם בשל מוצאם הלאומי או "
            "האתני, דתם, מגדרם או היבט אחר של זהותם.",
        },
        "example": {
            "ar": "وصف منشور تمّت مشاركته آلاف المرات الفلسطينيين بأنهم «حيوانات» وادّعى أنهم "
            "لا يستحقون أي حقوق.",
            "en": "A post shared thousands of times described Palestinians as 'animals' and "
            "claimed they deserve no rights.",
            "he": 'פוסט ששותף אלפי פעמים תיאר את הפלסטינים כ"חיות" וטען שלא מגיעות להם זכויות.',
        },
    },
    {
        "slug": "incitement",
        "group": "harmful-speech",
        "name": {
            "ar": "التحريض على العنف",
            "en": "Incitement to violence",
            "he": "הסתה לאלימות",
        },
        "definition": {
            "ar": "محتوى يدعو إلى العنف ضد شخص أو مجموعة أو يشجّع عليه أو يمجّده، بما في ذلك "
            "الدعوات إلى القتل أو الاعتداء أو التهجير.",
            "en": "Content that calls for, encourages or praises violence against a person or "
            "group, including calls to kill, attack or expel.",
            "he": "תוכן שקורא לאלימות נגד אדם או קבוצה, מעודד אותה או משבח אותה, לרבות "
            "קריאות להרוג, לתקוף או לגרש.",
        },
        "example": {
            "ar": "دعا منشور في مجموعة كبيرة على تيليغرام أعضاءها إلى التوجّه إلى قرية "
            "فلسطينية و«إحراقها».",
            "en": "A post in a large Telegram group called on its members to go to a "
            "Palestinian village and 'burn it down'.",
            "he": 'פוסט בקבוצת טלגרם גדולה קרא לחבריה להגיע לכפר פלסטיני "ולשרוף אותו".',
        },
    },
    {
        "slug": "smear-campaign",
        "group": "harmful-speech",
        "name": {"ar": "حملة تشهير", "en": "Smear campaign", "he": "מסע הכפשה"},
        "definition": {
            "ar": "جهد منسّق، غالبًا عبر حسابات كثيرة في وقت واحد، لنشر ادعاءات كاذبة أو "
            "مضلِّلة عن شخص أو مؤسسة بهدف تشويه السمعة أو التعريض للخطر.",
            "en": "A coordinated effort, often by many accounts at once, to spread false or "
            "misleading claims about a person or organisation in order to discredit or "
            "endanger them.",
            "he": "מאמץ מתואם, לעיתים קרובות של חשבונות רבים בו-זמנית, להפיץ טענות כוזבות או "
            "מטעות על אדם או ארגון כדי להכפיש אותם או לסכן אותם.",
        },
        "example": {
            "ar": "نشرت عشرات الحسابات المُنشأة حديثًا لقطة الشاشة المفبركة نفسها، زاعمةً أن "
            "طبيبة في مستشفى في حيفا احتفلت بمقتل مدنيين، وطالبت بفصلها من عملها.",
            "en": "Dozens of newly created accounts shared the same fabricated screenshot "
            "claiming that a doctor at a Haifa hospital had celebrated the killing of civilians, "
            "and demanded that she be fired.",
            "he": "עשרות חשבונות חדשים הפיצו את אותו צילום מסך מפוברק, שלפיו רופאה בבית חולים "
            "בחיפה חגגה הרג של אזרחים, ודרשו לפטר אותה.",
        },
    },
    {
        "slug": "gender-based-harassment",
        "group": "harmful-speech",
        "name": {
            "ar": "المضايقة القائمة على النوع الاجتماعي",
            "en": "Gender-based harassment",
            "he": "הטרדה על רקע מגדרי",
        },
        "definition": {
            "ar": "مضايقة تستهدف شخصًا بسبب نوعه الاجتماعي أو ميوله الجنسية، مثل التعليقات "
            "الجنسية أو الرسائل الجنسية غير المرغوب فيها أو التهديد بالعنف الجنسي أو نشر "
            "صور حميمة دون موافقة.",
            "en": "Harassment that targets someone because of their gender or sexuality, such "
            "as sexual comments, unwanted sexual messages, threats of sexual violence or "
            "sharing intimate images without consent.",
            "he": "הטרדה שמכוונת לאדם בשל מגדרו או נטייתו המינית, כמו הערות מיניות, הודעות "
            "מיניות לא רצויות, איומים באלימות מינית או הפצת תמונות אינטימיות ללא הסכמה.",
        },
        "example": {
            "ar": "تلقّت صحفية مئات الشتائم ذات الطابع الجنسي وتهديدات بالاغتصاب في التعليقات "
            "بعد تغطيتها حملة اعتقالات في بلدتها.",
            "en": "A woman journalist received hundreds of sexual insults and rape threats in "
            "her comments after reporting on a wave of arrests in her town.",
            "he": "עיתונאית קיבלה מאות עלבונות מיניים ואיומי אונס בתגובות לאחר שסיקרה גל "
            "מעצרים בעיר מגוריה.",
        },
    },
    {
        "slug": "misleading-content",
        "group": "harmful-speech",
        "name": {"ar": "المحتوى المضلِّل", "en": "Misleading content", "he": "תוכן מטעה"},
        "definition": {
            "ar": "معلومات كاذبة أو مفبركة أو مضلِّلة تشوّه حقيقة أحداث أو أشخاص، مثل الأخبار "
            "الزائفة أو الصور المعدَّلة أو المقاطع القديمة التي تُقدَّم على أنها حديثة.",
            "en": "False, fabricated or misleading information that misrepresents events or "
            "people, such as fake news, edited images or old videos presented as new.",
            "he": "מידע כוזב, מפוברק או מטעה שמציג אירועים או אנשים באופן מעוות, כמו ידיעות "
            "כוזבות, תמונות ערוכות או סרטונים ישנים שמוצגים כחדשים.",
        },
        "example": {
            "ar": "انتشر مقطع فيديو مصوّر في بلد آخر آلاف المرات مع تعليق كاذب يزعم أنه يُظهر "
            "فلسطينيين في القدس يعتدون على مارّة.",
            "en": "A video filmed in another country was shared thousands of times with a false "
            "caption claiming it showed Palestinians in Jerusalem attacking passers-by.",
            "he": "סרטון שצולם במדינה אחרת שותף אלפי פעמים עם כיתוב כוזב שלפיו הוא מתעד "
            "פלסטינים בירושלים תוקפים עוברי אורח.",
        },
    },
    # --- Actions by authorities -------------------------------------------------------------
    {
        "slug": "arrest-over-expression",
        "group": "state-action",
        "name": {
            "ar": "الاعتقال أو الاستدعاء بسبب التعبير على الإنترنت",
            "en": "Arrest or summons over online expression",
            "he": "מעצר או זימון לחקירה בשל התבטאות ברשת",
        },
        "definition": {
            "ar": "اعتقلت السلطات شخصًا أو احتجزته أو استدعته للتحقيق أو وجّهت إليه تهمًا أو "
            "هدّدته بسبب ما نشره أو شاركه أو كتبه أو أبدى إعجابه به على الإنترنت.",
            "en": "Authorities arrested, detained, summoned for questioning, charged or "
            "threatened someone because of something they posted, shared, wrote or liked online.",
            "he": "רשויות עצרו אדם, עיכבו אותו, זימנו אותו לחקירה, הגישו נגדו כתב אישום או "
            "איימו עליו בשל דבר שפרסם, שיתף, כתב או סימן בלייק ברשת.",
        },
        "example": {
            "ar": "اعتُقلت طالبة جامعية واحتُجزت أسبوعًا بسبب قصة على إنستغرام اقتبست فيها "
            "بيتًا من الشعر.",
            "en": "A university student was arrested and held for a week over an Instagram "
            "story in which she quoted a line of poetry.",
            "he": "סטודנטית נעצרה והוחזקה במעצר שבוע בשל סטורי באינסטגרם שבו ציטטה שורת שירה.",
        },
    },
    {
        "slug": "surveillance",
        "group": "state-action",
        "name": {"ar": "المراقبة", "en": "Surveillance", "he": "מעקב"},
        "definition": {
            "ar": "مراقبة اتصالات الأشخاص أو نشاطهم على الإنترنت أو أجهزتهم أو تنقّلاتهم، مثل "
            "برامج التجسس أو تفتيش الهواتف قسرًا على الحواجز أو أنظمة الكاميرات والتعرّف على "
            "الوجوه.",
            "en": "Monitoring of people's communications, online activity, devices or movements, "
            "for example through spyware, forced phone searches at checkpoints, or camera and "
            "facial-recognition systems.",
            "he": "מעקב אחר התקשורת, הפעילות ברשת, המכשירים או התנועה של אנשים, למשל באמצעות "
            "רוגלות, חיפוש כפוי בטלפונים במחסומים, או מערכות מצלמות וזיהוי פנים.",
        },
        "example": {
            "ar": "أجبر جنود على حاجز شابًا على فتح قفل هاتفه، وفتّشوا صوره ومحادثاته على واتساب.",
            "en": "Soldiers at a checkpoint made a young man unlock his phone and went through "
            "his photos and WhatsApp chats.",
            "he": "חיילים במחסום חייבו צעיר לפתוח את הטלפון שלו ועברו על התמונות ועל שיחות "
            "הוואטסאפ שלו.",
        },
    },
    {
        "slug": "internet-shutdown",
        "group": "state-action",
        "name": {
            "ar": "قطع الإنترنت أو إبطاؤه",
            "en": "Internet shutdown or throttling",
            "he": "ניתוק או האטה של האינטרנט",
        },
        "definition": {
            "ar": "قطع شبكات الإنترنت أو الاتصالات الخلوية في منطقة ما أو إبطاؤها بشدة، أو "
            "حجب مواقع وتطبيقات معيّنة فيها.",
            "en": "Internet, phone or mobile data networks were cut off or severely slowed in "
            "an area, or specific websites and apps were blocked there.",
            "he": "ניתוק של רשתות האינטרנט, הטלפון או הסלולר באזור מסוים או האטה חמורה שלהן, "
            "או חסימה של אתרים ואפליקציות מסוימים באזור.",
        },
        "example": {
            "ar": "انقطعت خدمات الإنترنت والاتصالات في قطاع غزة بأكمله عدة أيام، فلم يتمكّن "
            "السكان من الاتصال بخدمات الطوارئ.",
            "en": "Internet and phone services across the Gaza Strip were cut for several days, "
            "leaving people unable to call emergency services.",
            "he": "שירותי האינטרנט והטלפון בכל רצועת עזה נותקו למשך כמה ימים, והתושבים לא "
            "יכלו להתקשר לשירותי החירום.",
        },
    },
]

PERPETRATOR_TYPES: Final[list[tuple[str, Names]]] = [
    (
        "social-media-company",
        {
            "ar": "شركة تواصل اجتماعي",
            "en": "Social media company",
            "he": "חברת מדיה חברתית",
        },
    ),
    (
        "israeli-authorities",
        {"ar": "السلطات الإسرائيلية", "en": "Israeli authorities", "he": "הרשויות הישראליות"},
    ),
    (
        "palestinian-authority",
        {"ar": "السلطة الفلسطينية", "en": "Palestinian Authority", "he": "הרשות הפלסטינית"},
    ),
    (
        "gaza-de-facto-authority",
        {
            "ar": "سلطة الأمر الواقع في غزة",
            "en": "De facto authority in Gaza",
            "he": "השלטון בפועל ברצועת עזה",
        },
    ),
    (
        "individuals-groups",
        {"ar": "أفراد أو مجموعات", "en": "Individuals or groups", "he": "אנשים פרטיים או קבוצות"},
    ),
    ("unknown", {"ar": "جهة غير معروفة", "en": "Unknown", "he": "לא ידוע"}),
]

VICTIM_TYPES: Final[list[tuple[str, Names]]] = [
    ("individual", {"ar": "فرد", "en": "Individual", "he": "אדם פרטי"}),
    ("journalist", {"ar": "صحفي/ة", "en": "Journalist", "he": "עיתונאי/ת"}),
    (
        "human-rights-defender",
        {
            "ar": "مدافع/ة عن حقوق الإنسان",
            "en": "Human rights defender",
            "he": "מגן/ת זכויות אדם",
        },
    ),
    (
        "ngo",
        {
            "ar": "منظمة غير حكومية / مؤسسة مجتمع مدني",
            "en": "NGO / civil-society organisation",
            "he": "ארגון לא ממשלתי / ארגון חברה אזרחית",
        },
    ),
    ("media-outlet", {"ar": "مؤسسة إعلامية", "en": "Media outlet", "he": "כלי תקשורת"}),
    ("private-company", {"ar": "شركة خاصة", "en": "Private company", "he": "חברה פרטית"}),
    ("public-figure", {"ar": "شخصية عامة", "en": "Public figure", "he": "דמות ציבורית"}),
    ("other", {"ar": "غير ذلك", "en": "Other", "he": "אחר"}),
]

REGIONS: Final[list[tuple[str, Names]]] = [
    ("west-bank", {"ar": "الضفة الغربية", "en": "West Bank", "he": "הגדה המערבית"}),
    ("east-jerusalem", {"ar": "القدس الشرقية", "en": "East Jerusalem", "he": "ירושלים המזרחית"}),
    ("gaza-strip", {"ar": "قطاع غزة", "en": "Gaza Strip", "he": "רצועת עזה"}),
    (
        "palestinians-in-israel",
        {
            "ar": "الداخل الفلسطيني (أراضي 48)",
            "en": "Palestinians in Israel (1948 territories)",
            "he": "הפלסטינים אזרחי ישראל",
        },
    ),
    ("diaspora", {"ar": "الشتات", "en": "Diaspora", "he": "הפזורה הפלסטינית"}),
    ("unknown", {"ar": "غير معروف", "en": "Unknown", "he": "לא ידוע"}),
]

CRISIS_PERIODS: Final[list[CrisisPeriod]] = [
    {
        "slug": "may-2021",
        "starts_on": "2021-05-06",
        "ends_on": "2021-05-31",
        "name": {
            "ar": "أيار 2021: الشيخ جراح والحرب على غزة",
            "en": "May 2021: Sheikh Jarrah and the war on Gaza",
            "he": "מאי 2021: שייח' ג'ראח והמלחמה בעזה",
        },
        "description": {
            "ar": "فترة شملت الاحتجاجات على تهديد عائلات حي الشيخ جراح في القدس بالتهجير، "
            "والأحداث في المسجد الأقصى، والحرب على قطاع غزة. وُثّقت خلالها أعداد كبيرة من "
            "حالات حذف المحتوى الفلسطيني وتقييده.",
            "en": "A period that included protests against the threatened eviction of families "
            "in the Sheikh Jarrah neighbourhood of Jerusalem, events at Al-Aqsa Mosque and the "
            "war on the Gaza Strip. Large numbers of removals and restrictions of Palestinian "
            "content were documented during this time.",
            "he": "תקופה שכללה מחאות נגד הכוונה לפנות משפחות משכונת שייח' ג'ראח בירושלים, "
            "אירועים במסגד אל-אקצא והמלחמה ברצועת עזה. בתקופה זו תועדו מקרים רבים של הסרה "
            "והגבלה של תוכן פלסטיני.",
        },
    },
    {
        "slug": "october-2023",
        "starts_on": "2023-10-07",
        "ends_on": None,
        "name": {
            "ar": "منذ تشرين الأول 2023: الحرب على غزة",
            "en": "October 2023 onwards: war on Gaza",
            "he": "מאוקטובר 2023 ואילך: המלחמה בעזה",
        },
        "description": {
            "ar": "الفترة التي بدأت في 7 تشرين الأول 2023، وتشمل الحرب على قطاع غزة "
            "وتداعياتها في سائر المناطق. شهدت ارتفاعًا حادًا في تقييد المحتوى والتحريض "
            "والاعتقالات بسبب التعبير على الإنترنت.",
            "en": "The period beginning on 7 October 2023, covering the war on the Gaza Strip "
            "and its repercussions in all other areas. It has seen a sharp rise in content "
            "restrictions, incitement and arrests over online expression.",
            "he": "התקופה שהחלה ב-7 באוקטובר 2023, וכוללת את המלחמה ברצועת עזה ואת השלכותיה "
            "בכל שאר האזורים. בתקופה זו חלה עלייה חדה בהגבלת תוכן, בהסתה ובמעצרים בשל "
            "התבטאות ברשת.",
        },
    },
]
