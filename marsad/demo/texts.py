"""Fictional, anonymous demo texts for the ``seed-demo`` command.

Pure data: every narrative, name-like detail and handle here is invented.
"""

from typing import Final

# type slug -> language -> list of narratives (ar: at least 4, en: at least 2, he: at least 2)
NARRATIVES: Final[dict[str, dict[str, list[str]]]] = {
    "content-removal": {
        "ar": [
            (
                "نشرت فيديو على إنستغرام لهدم بيت جيراننا، وبعد ساعتين انحذف وطلعتلي رسالة إنه "
                "«يخالف إرشادات المجتمع بشأن المحتوى العنيف». قدمت اعتراض وما حدا رد لحد الآن."
            ),
            (
                "فيسبوك حذف منشوري اللي فيه صورة ابن عمي الشهيد مع آية قرآنية، وقالولي إنه بيخالف "
                "سياسة «المنظمات والأفراد الخطرين». هاي ثالث مرة بهالشهر."
            ),
            "كتبت بوست عن #الشيخ_جراح على Facebook ونزل بعد دقائق، وزر الاعتراض مش موجود أصلاً.",
            (
                "قناتي على YouTube انحذف منها فيديو توثيقي عن اقتحام المدرسة بحجة «المحتوى "
                "الصادم»، رغم إني حاطط تحذير بأوله. طلبت مراجعة وانرفضت خلال يوم."
            ),
        ],
        "en": [
            (
                "Instagram removed my post showing the aftermath of a raid in our street, citing "
                "its violent content rules. I appealed twice and heard nothing."
            ),
            (
                "My Facebook post with #أنقذوا_حي_الشيخ_جراح and a photo of the street was taken "
                "down under 'dangerous organizations and individuals'. There was no flag or symbol "
                "in it."
            ),
        ],
        "he": [
            "פרסמתי באינסטגרם תמונה מההפגנה בחיפה והיא נמחקה תוך שעה. ערערתי ולא קיבלתי תשובה.",
            (
                'העליתי ל-Facebook סרטון של הריסת בית בנגב והוא הוסר בגלל "תוכן אלים". אין '
                "בסרטון שום אלימות, רק דחפור ומשפחה שעומדת בצד."
            ),
        ],
    },
    "account-suspension": {
        "ar": [
            (
                "انقفل حسابي على فيسبوك نهائياً بعد ما نشرت تغطية مباشرة للمظاهرة، والرسالة بتقول "
                "إنه الحساب «لا يتبع معايير المجتمع». عليه صور وشغل عشر سنين."
            ),
            "حسابي على Instagram انعلّق 30 يوم بدون ما يحددوا السبب، والاعتراض بيرجع رد آلي.",
            (
                "أنا صحفية وحسابي على X انوقف فجأة بعد تغريدة عن الأسرى، وطلبوا مني أثبت هويتي. "
                "بعثت صورة الهوية ولسا الحساب معلّق."
            ),
            (
                "قناتنا على Telegram اللي فيها أكتر من 40 ألف مشترك انحظرت وصارت تطلع رسالة إنها "
                "«لا يمكن عرضها». ما في أي طريقة نتواصل معهم."
            ),
        ],
        "en": [
            (
                "My X account was suspended right after I live-tweeted a protest. The email said I "
                "violated the rules on violent speech but didn't say which post."
            ),
            (
                "WhatsApp banned my number saying it 'violates our Terms of Service'. I run a "
                "group for parents in the camp and we lost all our contacts overnight."
            ),
        ],
        "he": [
            "החשבון שלי בפייסבוק הושעה לצמיתות אחרי שפרסמתי עדות מהכפר. הערעור נדחה תוך דקות.",
            (
                "אני פעילה בארגון זכויות אדם והחשבון שלי ב-TikTok נחסם בלי שום הסבר. כתוב רק שהוא "
                '"הושעה בגלל הפרות חוזרות".'
            ),
        ],
    },
    "restriction-reduced-reach": {
        "ar": [
            (
                "من يوم ما نشرت عن الحرب، المشاهدات على الستوري نزلت من ألفين لأقل من مية. أصحابي "
                "بيقولوا ما بيطلعلهم شي مني، واضح إنه في shadowban."
            ),
            "لما حدا يبحث عن اسم حسابي على Instagram ما بيطلع، إلا إذا كتب الاسم كامل بالحرف.",
            (
                "المنشورات اللي فيها كلمة فلسطين أو العلم ما بتوصل لحدا، أما منشورات الأكل والطبخ "
                "بتوصل طبيعي. جربت أكتر من مرة وبنفس التوقيت."
            ),
            "فيسبوك بعتلي إنه صفحتي «قد لا تظهر لغير المتابعين» بدون ما يحدد أي محتوى.",
        ],
        "en": [
            (
                "My reels used to get 10k views, now they are stuck under 300. Account Status on "
                "Instagram says my content can't be recommended to non-followers."
            ),
            (
                "Every post where I write فلسطين in Arabic gets almost no reach, but the same post "
                "in English without that word does fine."
            ),
        ],
        "he": [
            (
                "מאז שהתחלתי לפרסם על המצב בעזה, החשיפה של הפוסטים שלי צנחה בכמעט 90 אחוז. "
                'באינסטגרם כתוב שהחשבון "לא כשיר להמלצות".'
            ),
            "חברים אומרים שהסטוריז שלי עם #FreePalestine לא מופיעים להם, למרות שהם עוקבים.",
        ],
    },
    "feature-ban": {
        "ar": [
            "انمنعت من البث المباشر على فيسبوك 60 يوم بعد ما عملت لايف من المظاهرة.",
            "Instagram منعني من التعليق والرسائل أسبوع كامل، والسبب حسب الإشعار «نشاط مشبوه».",
            "ما بقدر أعمل إعلان ممول لصفحة الجمعية من بعد ما نشرنا تقرير عن الانتهاكات.",
            "على TikTok انقفل عندي خيار اللايف بدون أي إشعار، وحتى الهدايا انوقفت.",
        ],
        "en": [
            (
                "Facebook restricted me from going live for 30 days after I streamed a vigil. "
                "Everything else works, only live is blocked."
            ),
            (
                "I can't send DMs on Instagram anymore. It says 'We restrict certain activity to "
                "protect our community' and there is no appeal button."
            ),
        ],
        "he": [
            "נחסמה לי האפשרות לשדר לייב בפייסבוק לחודש, אחרי ששידרתי עצרת מחאה בנצרת.",
            "ב-YouTube חסמו לי את התגובות ואת המונטיזציה של הערוץ, בלי שום הודעה מסודרת.",
        ],
    },
    "hacking": {
        "ar": [
            (
                "وصلتني رسالة على واتساب من رقم غريب فيها رابط «لتأكيد الحساب»، ضغطت عليه وبعد "
                "ساعة ما قدرت أفوت على حسابي. الهاكر غيّر الإيميل ورقم التلفون."
            ),
            "حدا اخترق صفحة الجمعية على فيسبوك، مسح المنشورات وحط صور مسيئة وغيّر رقم الجوال.",
            (
                "إجاني كود تحقق على Telegram ما طلبته، وبعدين لقيت جلسة مفتوحة من جهاز بمدينة "
                "ثانية. أصحابي صار يوصلهم رسائل غريبة مني."
            ),
            (
                "انسرق حسابي على إنستغرام واللي اخترقه صار ينشر باسمي منشورات ضد الحراك. حاولت "
                "أسترجعه عن طريق الدعم وما في رد."
            ),
        ],
        "en": [
            (
                "Someone got into my email and then reset my Facebook and Instagram passwords. 2FA "
                "was on, but my SIM stopped working the same night."
            ),
            (
                "I clicked a link pretending to be Meta support about a 'copyright violation'. "
                "Within minutes my page was renamed and my admin rights were gone."
            ),
        ],
        "he": [
            (
                "פרצו לי לוואטסאפ אחרי שמישהו התקשר, הציג את עצמו כנציג של חברת הסלולר וביקש את "
                "קוד האימות. הם שלחו הודעות לכל אנשי הקשר שלי."
            ),
            "קיבלתי התראה על התחברות לגוגל ממכשיר לא מוכר, ושעה אחרי זה איבדתי גישה ל-Instagram.",
        ],
    },
    "blackmail": {
        "ar": [
            "حدا بعتلي على ماسنجر صور إلي من حسابي المخترق وبيهددني ينشرها إذا ما دفعت.",
            (
                "شخص مجهول بيهددني يبعت محادثاتي لأهلي إذا ما وقفت نشاطي على السوشال ميديا، وبعتلي "
                "screenshots حقيقية منها."
            ),
            "إجتني رسالة على Instagram: إذا ما حذفتي منشوراتك عن الأسرى رح ننشر صورك.",
            (
                "واحد عرّف حاله إنه «من المخابرات» واتصل فيّ، قال إنه معه تسجيلات إلي وطلب مني "
                "أتعاون معه وإلا بينشرها."
            ),
        ],
        "en": [
            (
                "A fake account sent me edited photos of myself on Instagram and demanded money, "
                "or they would send them to my family and my employer."
            ),
            (
                "Someone on Telegram says they have my private chats and wants me to stop posting "
                "about the checkpoint, otherwise they will leak them."
            ),
        ],
        "he": [
            (
                "מישהו שלח לי בטלגרם צילומי מסך מהשיחות הפרטיות שלי ודרש שאמחק את הפוסטים על "
                "ההפגנה, אחרת הוא יפרסם אותם."
            ),
            (
                "קיבלתי הודעה מחשבון אנונימי באינסטגרם עם תמונות פרטיות שלי ודרישה לשלם, אחרת הן "
                "יישלחו למשפחה שלי."
            ),
        ],
    },
    "impersonation": {
        "ar": [
            (
                "في حساب فيسبوك باسمي وصورتي بيبعت طلبات صداقة لأصحابي وبيطلب منهم مصاري. بلّغت "
                "عنه خمس مرات والرد إنه «لا يخالف المعايير»."
            ),
            "حدا عامل صفحة مزيفة للجمعية على Instagram بنفس الشعار، وعم ينشر بيانات ما طلعت منا.",
            "لقيت حساب على X منتحل شخصيتي كصحفي، بينشر تغريدات تحريضية عشان يورطني.",
            "في رقم واتساب حاطط صورتي وبيتواصل مع عائلات الأسرى على أساس إنه أنا.",
        ],
        "en": [
            (
                "A TikTok account is using my name and profile photo to post clips mocking the "
                "families I interview. TikTok says it does not break their impersonation policy."
            ),
            (
                "Someone cloned our organisation's Facebook page and is collecting 'donations for "
                "Gaza' through a fake payment link."
            ),
        ],
        "he": [
            "פתחו באינסטגרם חשבון מזויף עם השם והתמונות שלי, והוא שולח הודעות לאנשים מהעבודה.",
            (
                "מישהו מתחזה לעמותה שלנו בפייסבוק ומפרסם הודעות שקריות בשמנו. דיווחנו כמה פעמים "
                "והדף עדיין באוויר."
            ),
        ],
    },
    "doxxing": {
        "ar": [
            "نشروا عنواني ورقم تلفوني وصورة بيتي بقناة Telegram، وكاتبين إني «مخرّب».",
            "حساب مجهول نشر صورة هويتي ومكان شغلي على X، مع دعوة للناس يتواصلوا مع مديري.",
            "صفحة على فيسبوك نشرت أسماء وصور وأرقام طلاب من الجامعة شاركوا بوقفة.",
            "بعد ما تكلمت بمقابلة، حدا نشر عنوان بيت أهلي ونمرة سيارتي وكتب تحتها #اعرفوا_عدوكم.",
        ],
        "en": [
            (
                "A Telegram channel posted my home address, my parents' names and a photo of my "
                "car. The comments are full of people saying they will 'visit'."
            ),
            (
                "My student ID and phone number were posted on X in a thread listing 'students who "
                "support terror'. I started getting calls at 3am."
            ),
        ],
        "he": [
            'פרסמו בקבוצת טלגרם את הכתובת, הטלפון ומקום העבודה שלי, עם קריאה "לטפל בה".',
            "אחרי שחתמתי על עצומה, העלו ל-X צילום מסך עם השם המלא שלי ובית הספר שבו אני מלמדת.",
        ],
    },
    "hate-speech": {
        "ar": [
            (
                "تحت منشوري على Facebook في مئات التعليقات بتوصف العرب بإنهم «حيوانات» وبتدعو "
                "لطردنا. بلّغت عنهم وكلهم ضلوا."
            ),
            (
                "على TikTok في فيديو بيسخر من الحجاب وبيشتم المسلمين، وصل لأكتر من مليون مشاهدة "
                "والمنصة قالت إنه ما بيخالف الإرشادات."
            ),
            "بيوصلني كل يوم رسائل عنصرية بالعبري على إنستغرام لأني حاطة علم فلسطين بالبروفايل.",
            "حساب على X بينشر كل يوم رسومات عنصرية عن الفلسطينيين مع #Gaza، وبلاغاتنا بلا نتيجة.",
        ],
        "en": [
            (
                "The replies to my post on X are full of slurs calling Palestinians subhuman. I "
                "reported 20 of them and X said none broke the rules."
            ),
            (
                "A YouTube video in Hebrew calling Arabs a 'cancer' is still up with thousands of "
                "likes, even after our organisation flagged it."
            ),
        ],
        "he": [
            (
                'בתגובות לפוסט שלי בפייסבוק כתבו "מוות לערבים" עשרות פעמים. דיווחתי על כולן וענו '
                "לי שזה לא מפר את כללי הקהילה."
            ),
            "בקבוצת הוואטסאפ של השכונה מפיצים סרטונים גזעניים נגד ערבים, והמנהלים לא עושים כלום.",
        ],
    },
    "incitement": {
        "ar": [
            "قناة تلغرام عبرية فيها 20 ألف مشترك بتنشر صور ناشطين من قريتنا وبتدعو لـ«تصفيتهم».",
            (
                "بعد ما نشرت عن الاقتحام، حساب على X نشر صورتي وكتب إنه لازم حدا «يعلّمني درس»، "
                "والتعليقات فيها تهديد بالقتل."
            ),
            "في فيديو على TikTok بيحرّض على حرق بيوت بقرية بالضفة، ولسا موجود رغم كل البلاغات.",
            "مجموعة واتساب عم تنسّق للاعتداء على وقفة طلاب عرب بالجامعة، ووصلتني صور منها.",
        ],
        "en": [
            (
                "A Telegram channel with thousands of subscribers posted the location of our "
                "protest and called on people to 'come and finish them'."
            ),
            (
                "A Facebook post calls to 'wipe out' a village near Nablus, and the comments are "
                "organising a time to meet. Reported it, still up."
            ),
        ],
        "he": [
            "בערוץ טלגרם פרסמו את התמונה שלי עם קריאה לפגוע בי, ומתחת עשרות תגובות עם איומים.",
            'ראיתי בפייסבוק פוסט שקורא "לשרוף את הכפר" עם אלפי לייקים. דיווחתי והוא לא הוסר.',
        ],
    },
    "smear-campaign": {
        "ar": [
            (
                "من أسبوع في عشرات الحسابات الجديدة على X عم تنشر نفس التغريدة إني بتلقى تمويل من "
                "«جهات إرهابية». كلها حسابات عمرها أيام."
            ),
            "انتشر فيديو مقصوص من مقابلتي على TikTok عليه ترجمة مزيفة بتقول إني بدعم العنف.",
            "صفحات على فيسبوك بتنشر إشاعات إنه الجمعية بتسرق التبرعات، وممولين صاروا يسألونا.",
            "في حملة منظمة ضدي تحت هاشتاغ باسمي، ونفس الصور المفبركة بتتكرر بمئات المنشورات.",
        ],
        "en": [
            (
                "Dozens of anonymous accounts are posting the same doctored screenshot claiming I "
                "praised an attack. It trends every time I publish an article."
            ),
            (
                "A coordinated campaign on X is calling our human rights group a 'terror front', "
                "with the same wording in hundreds of posts within an hour."
            ),
        ],
        "he": [
            (
                'יש קמפיין מתואם נגדי ב-X עם עשרות חשבונות חדשים שכותבים שאני "תומכת טרור". כולם '
                "משתמשים באותו צילום מסך מזויף."
            ),
            "סרטון ערוך מההרצאה שלי מופץ בטיקטוק עם כתוביות מסולפות, ושולחים אותו למעסיק שלי.",
        ],
    },
    "gender-based-harassment": {
        "ar": [
            (
                "من بعد ما طلعت بمقابلة على التلفزيون، صار يوصلني على Instagram رسائل جنسية وتهديد "
                "بالاغتصاب من حسابات مجهولة."
            ),
            "حدا ركّب صورتي على صور فاضحة ونشرها بمجموعة تلغرام، وعم تنتشر بين ناس بعرفهم.",
            "كل ما أنشر رأي سياسي، التعليقات بتصير عن شكلي وشرفي، وفي ناس بتطالب أهلي «يضبّوني».",
            "زميل سابق بيلاحقني بحسابات وهمية على فيسبوك، كل ما أحظر حساب بيفتح واحد جديد.",
        ],
        "en": [
            (
                "After I spoke on a panel, I got dozens of DMs on Instagram with sexual threats "
                "and comments about my hijab. Most accounts were created that week."
            ),
            (
                "Someone made a deepfake of me and shared it in a WhatsApp group with people from "
                "my town. I am scared my family will see it."
            ),
        ],
        "he": [
            (
                "מאז שהתראיינתי בטלוויזיה אני מקבלת בפייסבוק הודעות עם איומים מיניים ותגובות על "
                "הגוף שלי, רובן מפרופילים פיקטיביים."
            ),
            "מישהו הפיץ תמונה ערוכה שלי בקבוצת טלגרם, וקיבלתי עשרות הודעות מגברים שאני לא מכירה.",
        ],
    },
    "misleading-content": {
        "ar": [
            (
                "في فيديو منتشر على Facebook بيقول إنه من غزة اليوم، بس هو فيديو قديم من سوريا سنة "
                "2016، وعليه آلاف المشاركات."
            ),
            "صفحة إخبارية مزيفة نشرت بيان باسم بلدية قريتنا عن منع تجول، والبيان كذب وعمل هلع.",
            "إعلانات ممولة على YouTube بتقدم رواية كاذبة عن اللي صار بالمستشفى قبل كل فيديو.",
            (
                "انتشر على واتساب تسجيل صوتي مفبرك بصوت بيشبه صوت رئيس المجلس المحلي، بيطلب من "
                "الناس يطلعوا من بيوتهم."
            ),
        ],
        "en": [
            (
                "A viral TikTok claims footage of a bombed building in Gaza is staged, using clips "
                "from an unrelated film set. Millions of views and no label."
            ),
            (
                "Sponsored posts on Facebook are spreading a fake statement in Arabic attributed "
                "to our organisation, signed بيان صحفي. We never wrote it."
            ),
        ],
        "he": [
            "מפיצים ב-YouTube סרטון ישן מסוריה כאילו צולם אתמול בג'נין, בלי שום סימון.",
            "בקבוצות וואטסאפ מסתובבת הודעה מזויפת בשם המשטרה על סגר בעיר, ואנשים נכנסו ללחץ.",
        ],
    },
    "arrest-over-expression": {
        "ar": [
            (
                "ابني انعتقل من البيت الساعة 3 الفجر بسبب ستوري على Instagram فيه آية قرآنية وصورة "
                "من غزة. التهمة «تحريض»."
            ),
            "استدعوني للتحقيق وفرجوني منشوراتي على فيسبوك من سنتين، وسألوني عن كل لايك وتعليق.",
            "صاحبتي طالبة بالجامعة، انعتقلت بعد ما نشرت بوست فيه كلمة «صمود» وانحطت بحبس منزلي.",
            "على الحاجز فتشوا تلفوني وأخدوني ساعات على التحقيق بسبب صورة علم بالواتساب.",
        ],
        "en": [
            (
                "My brother was detained at a checkpoint after soldiers went through his phone and "
                "found a Facebook post mourning a friend. He is still held without charge."
            ),
            (
                "Police arrested a student from our college over a TikTok video with a protest "
                "song. They seized her phone and laptop."
            ),
        ],
        "he": [
            (
                "שוטרים הגיעו אליי הביתה בלילה ועצרו אותי בגלל סטורי באינסטגרם. בחקירה הראו לי "
                "הדפסות של פוסטים מלפני שנים."
            ),
            "חבר שלי, סטודנט ערבי, נעצר בחשד להסתה בגלל פוסט שציטט שיר, ושוחרר אחרי ארבעה ימים.",
        ],
    },
    "surveillance": {
        "ar": [
            "بعد مكالمة واتساب مع صاحبي، المحقق ذكرلي تفاصيل منها بالحرف. أكيد تلفوني مراقب.",
            "وصلني إشعار من Apple إنه ممكن أكون مستهدف بهجوم برمجيات تجسس مدعوم من دولة.",
            (
                "على الحاجز أجبروني أفتح التلفون وأخدوه لغرفة ثانية ساعة كاملة، ولما رجعلي لقيت "
                "تطبيق غريب منزّل عليه."
            ),
            (
                "ركّبوا كاميرات جديدة بالبلدة القديمة، وصار الجنود يعرفوا أسماء الناس اللي بيمرقوا "
                "بدون ما يطلبوا الهوية."
            ),
        ],
        "en": [
            (
                "I got a threat notification from Apple saying I may be targeted by "
                "state-sponsored attackers. I work as a fixer for foreign journalists."
            ),
            (
                "During interrogation they showed me printouts of my private Telegram messages. I "
                "never shared those with anyone outside the group."
            ),
        ],
        "he": [
            "גוגל התריעו לי שייתכן שגורם ממשלתי תוקף את החשבון שלי. אני מייצגת עצירים מנהליים.",
            "בחקירה ציטטו לי משפטים מהודעות פרטיות שלי ב-WhatsApp, ששלחתי רק למשפחה.",
        ],
    },
    "internet-shutdown": {
        "ar": [
            "من الصبح ما في إنترنت ولا شبكة بكل المنطقة، وما قدرنا نطمّن على أهلنا.",
            "الإنترنت انقطع بالكامل يومين بغزة، وكنا نطلع على سطح البيت ندوّر على إشارة eSIM.",
            "بالقرية النت بطيء كتير من أسبوع، ولا فيديو بينرفع على YouTube. الشركة بتنكر وجود عطل.",
            "خلال الاقتحام انقطعت شبكة الجوال بالمخيم كله، وما قدرنا نطلب إسعاف.",
        ],
        "en": [
            (
                "All mobile data and landlines went down across the area for 36 hours. We could "
                "not call an ambulance or reach the hospital."
            ),
            (
                "Our provider cut service to the whole neighbourhood during the raid and it came "
                "back only after the army left. Nobody explained why."
            ),
        ],
        "he": [
            "בזמן הפשיטה על המחנה כל הרשת הסלולרית נפלה, ולא הצלחנו להזמין אמבולנס.",
            "המשפחה שלי בעזה מנותקת כבר שלושה ימים, בלי אינטרנט ובלי קליטה, ואין לנו מושג מה איתם.",
        ],
    },
}

# type slug -> language -> one staff summary template; the only placeholder is {platform}
SUMMARIES: Final[dict[str, dict[str, str]]] = {
    "content-removal": {
        "ar": "ورد بلاغ عن حذف محتوى من {platform} بدعوى مخالفة المعايير؛ الاعتراض قيد المتابعة.",
        "en": "Content removed from {platform} for an alleged policy violation; appeal pending.",
        "he": "דווח על הסרת תוכן בפלטפורמת {platform} בטענה להפרת מדיניות; הערעור טרם הוכרע.",
    },
    "account-suspension": {
        "ar": "ورد بلاغ عن تعليق حساب على {platform} دون تحديد المحتوى المخالف.",
        "en": "Account suspended on {platform} without the violating content being identified.",
        "he": "דווח על השעיית חשבון בפלטפורמת {platform} ללא ציון התוכן המפר.",
    },
    "restriction-reduced-reach": {
        "ar": "ورد بلاغ عن تراجع حاد في وصول المنشورات على {platform} بعد نشر محتوى عن فلسطين.",
        "en": "Sharp drop in reach on {platform} after Palestine-related posts; no clear notice.",
        "he": "דווח על ירידה חדה בחשיפה בפלטפורמת {platform} לאחר פרסום תוכן על פלסטין.",
    },
    "feature-ban": {
        "ar": "ورد بلاغ عن منع مؤقت من خصائص على {platform} كالبث المباشر أو الرسائل.",
        "en": "Temporary ban from features on {platform} (live, comments or messages).",
        "he": "דווח על חסימה זמנית של פונקציות בפלטפורמת {platform}, כמו שידור חי או הודעות.",
    },
    "hacking": {
        "ar": "ورد بلاغ عن اختراق حساب على {platform} وفقدان السيطرة عليه، غالباً عبر رابط تصيّد.",
        "en": "Account on {platform} compromised, likely via phishing; not yet recovered.",
        "he": "דווח על פריצה לחשבון בפלטפורמת {platform} ואובדן שליטה בו, ככל הנראה בפישינג.",
    },
    "blackmail": {
        "ar": "ورد بلاغ عن ابتزاز عبر {platform} بالتهديد بنشر صور أو محادثات خاصة.",
        "en": "Blackmail via {platform} with threats to publish private images or chats.",
        "he": "דווח על סחיטה באמצעות {platform} באיום לפרסם תמונות או שיחות פרטיות.",
    },
    "impersonation": {
        "ar": "ورد بلاغ عن حساب على {platform} ينتحل هوية المُبلِّغ أو مؤسسته.",
        "en": "An account on {platform} impersonates the reporter or their organisation.",
        "he": "דווח על חשבון בפלטפורמת {platform} המתחזה לגורם המדווח או לארגון שלו.",
    },
    "doxxing": {
        "ar": "ورد بلاغ عن نشر بيانات شخصية للمُبلِّغ على {platform} دون موافقته.",
        "en": "Reporter's personal details (address, phone, workplace) published on {platform}.",
        "he": "דווח על פרסום פרטים אישיים של הגורם המדווח בפלטפורמת {platform} ללא הסכמה.",
    },
    "hate-speech": {
        "ar": "ورد بلاغ عن خطاب كراهية ضد الفلسطينيين على {platform} بقي متاحاً رغم التبليغ.",
        "en": "Hate speech against Palestinians on {platform}, still available after flagging.",
        "he": "דווח על דברי שנאה נגד פלסטינים בפלטפורמת {platform} שלא הוסרו למרות דיווח.",
    },
    "incitement": {
        "ar": "ورد بلاغ عن محتوى على {platform} يحرّض على العنف ضد فلسطينيين.",
        "en": "Content on {platform} inciting violence against Palestinians; reach documented.",
        "he": "דווח על תוכן בפלטפורמת {platform} המסית לאלימות נגד פלסטינים.",
    },
    "smear-campaign": {
        "ar": "ورد بلاغ عن حملة تشهير منسّقة على {platform} عبر حسابات حديثة ومحتوى مفبرك.",
        "en": "Coordinated smear campaign on {platform} using new accounts and fabricated content.",
        "he": "דווח על קמפיין הכפשה מתואם בפלטפורמת {platform} באמצעות חשבונות חדשים.",
    },
    "gender-based-harassment": {
        "ar": (
            "ورد بلاغ عن تحرّش قائم على النوع الاجتماعي عبر {platform} يشمل رسائل جنسية وتهديدات."
        ),
        "en": "Gender-based harassment on {platform}: sexualised messages, edited images, threats.",
        "he": "דווח על הטרדה מגדרית באמצעות {platform}, כולל הודעות מיניות ואיומים.",
    },
    "misleading-content": {
        "ar": "ورد بلاغ عن محتوى مضلل ينتشر على {platform} دون أي تنبيه من المنصة.",
        "en": "Misleading content circulating on {platform} with no label or fact-check.",
        "he": "דווח על תוכן מטעה המופץ בפלטפורמת {platform} ללא סימון מצד הפלטפורמה.",
    },
    "arrest-over-expression": {
        "ar": "ورد بلاغ عن اعتقال أو استدعاء للتحقيق بسبب منشورات على {platform}.",
        "en": "Arrest or summons for questioning over posts on {platform}; legal follow-up.",
        "he": "דווח על מעצר או זימון לחקירה בעקבות פרסומים בפלטפורמת {platform}.",
    },
    "surveillance": {
        "ar": "ورد بلاغ عن اشتباه بمراقبة اتصالات المُبلِّغ أو حسابه على {platform}.",
        "en": "Suspected surveillance of the reporter's communications or {platform} account.",
        "he": "דווח על חשד למעקב אחר התקשורת או החשבון של הגורם המדווח בפלטפורמת {platform}.",
    },
    "internet-shutdown": {
        "ar": "ورد بلاغ عن انقطاع الإنترنت والاتصالات حال دون استخدام {platform}.",
        "en": "Internet and telecom shutdown in the reporter's area prevented use of {platform}.",
        "he": "דווח על ניתוק אינטרנט ותקשורת באזור, שמנע שימוש בשירותים כמו {platform}.",
    },
}

# short internal working titles staff give cases; the only placeholder is {platform}
TITLES: Final[dict[str, dict[str, str]]] = {
    "content-removal": {
        "ar": "حذف منشور على {platform}",
        "en": "Post removed on {platform}",
        "he": "הסרת פוסט ({platform})",
    },
    "account-suspension": {
        "ar": "تعليق حساب على {platform}",
        "en": "Account suspended on {platform}",
        "he": "השעיית חשבון ({platform})",
    },
    "restriction-reduced-reach": {
        "ar": "تقييد الوصول على {platform}",
        "en": "Reduced reach on {platform}",
        "he": "צמצום חשיפה ({platform})",
    },
    "feature-ban": {
        "ar": "منع من خصائص على {platform}",
        "en": "Feature ban on {platform}",
        "he": "חסימת פונקציות ({platform})",
    },
    "hacking": {
        "ar": "اختراق حساب على {platform}",
        "en": "Account hacked on {platform}",
        "he": "פריצה לחשבון ({platform})",
    },
    "blackmail": {
        "ar": "ابتزاز عبر {platform}",
        "en": "Blackmail via {platform}",
        "he": "סחיטה ({platform})",
    },
    "impersonation": {
        "ar": "حساب منتحل على {platform}",
        "en": "Impersonation on {platform}",
        "he": "התחזות ({platform})",
    },
    "doxxing": {
        "ar": "نشر بيانات شخصية على {platform}",
        "en": "Doxxing on {platform}",
        "he": "חשיפת פרטים אישיים ({platform})",
    },
    "hate-speech": {
        "ar": "خطاب كراهية على {platform}",
        "en": "Hate speech on {platform}",
        "he": "דברי שנאה ({platform})",
    },
    "incitement": {
        "ar": "تحريض على العنف عبر {platform}",
        "en": "Incitement on {platform}",
        "he": "הסתה לאלימות ({platform})",
    },
    "smear-campaign": {
        "ar": "حملة تشهير على {platform}",
        "en": "Smear campaign on {platform}",
        "he": "קמפיין הכפשה ({platform})",
    },
    "gender-based-harassment": {
        "ar": "تحرش جندري عبر {platform}",
        "en": "Gendered harassment on {platform}",
        "he": "הטרדה מגדרית ({platform})",
    },
    "misleading-content": {
        "ar": "محتوى مضلل على {platform}",
        "en": "Misleading content on {platform}",
        "he": "תוכן מטעה ({platform})",
    },
    "arrest-over-expression": {
        "ar": "اعتقال بسبب منشور على {platform}",
        "en": "Arrest over {platform} post",
        "he": "מעצר בגלל פוסט ({platform})",
    },
    "surveillance": {
        "ar": "اشتباه بمراقبة عبر {platform}",
        "en": "Suspected surveillance via {platform}",
        "he": "חשד למעקב ({platform})",
    },
    "internet-shutdown": {
        "ar": "انقطاع الإنترنت وتعطّل {platform}",
        "en": "Shutdown: {platform} unreachable",
        "he": "ניתוק אינטרנט ({platform})",
    },
}

# realistic fictional account handles (ASCII, each ending in _demo)
DEMO_HANDLES: Final[list[str]] = [
    "@gaza_voices_demo",
    "@jaffa_lens_demo",
    "@olive_grove_demo",
    "@haifa_notes_demo",
    "@naqab_stories_demo",
    "@ramallah_reports_demo",
    "@jenin_pixels_demo",
    "@nazareth_youth_demo",
    "@khalil_daily_demo",
    "@qalandia_cam_demo",
    "@zaatar_and_salt_demo",
    "@silwan_watch_demo",
    "@galilee_writer_demo",
    "@campus_union_demo",
    "@press_vest_demo",
]

# demo tags: (slug, labels per language)
DEMO_TAGS: Final[list[tuple[str, dict[str, str]]]] = [
    ("mass-reporting", {"ar": "بلاغات جماعية", "en": "Mass reporting", "he": "דיווחים המוניים"}),
    (
        "keyword-filtering",
        {"ar": "فلترة الكلمات المفتاحية", "en": "Keyword filtering", "he": "סינון מילות מפתח"},
    ),
    ("al-aqsa", {"ar": "الأقصى", "en": "Al-Aqsa", "he": "אל-אקצא"}),
    ("sheikh-jarrah", {"ar": "الشيخ جراح", "en": "Sheikh Jarrah", "he": "שייח' ג'ראח"}),
    ("shadowban", {"ar": "الحظر الخفي", "en": "Shadowban", "he": "חסימת צל"}),
    ("journalists", {"ar": "صحفيون وصحفيات", "en": "Journalists", "he": "עיתונאים ועיתונאיות"}),
    ("elections", {"ar": "انتخابات", "en": "Elections", "he": "בחירות"}),
    (
        "student-activists",
        {"ar": "ناشطون طلابيون", "en": "Student activists", "he": "סטודנטים אקטיביסטים"},
    ),
]
