"""Demo data for the public observatory: a share of the documented demo violations whose
reporters agreed to publication get staff-written public summaries in Arabic, English and
Hebrew and are published, so that the database, the violation pages and the open data have
content. Deterministic, like the rest of the demo."""

from __future__ import annotations

import random

from django.db.models import Exists, OuterRef

from marsad.cases.models import PublicSummary, Violation
from marsad.intake.choices import TriageState
from marsad.intake.models import Report
from marsad.observatory.services import public_records_rebuild

SUMMARIES = {
    "ar": [
        "حذفت المنصة منشورًا يوثّق اقتحام حيّ سكني، بحجة مخالفة معايير المجتمع.",
        "عُلّق حساب صحفيّ بعد نشره صورًا من موقع الحدث، ولم تذكر المنصة أي سبب.",
        "تعرّضت ناشطة لحملة تحريض منظّمة بعد مقابلة إعلامية، مع تهديدات مباشرة.",
        "اختُرق حساب مؤسسة مجتمع مدني ونُشرت منه رسائل مضلّلة باسمها.",
        "قُيّد وصول صفحة إخبارية محلية فانخفض انتشار منشوراتها إلى حدّ كبير.",
    ],
    "en": [
        "The platform removed a post documenting a raid on a residential area, citing its "
        "community standards.",
        "A journalist's account was suspended after posting photos from the scene; the "
        "platform gave no reason.",
        "An activist faced an organised incitement campaign after a media interview, with "
        "direct threats.",
        "A civil-society organisation's account was hacked and used to post misleading "
        "messages in its name.",
        "A local news page was restricted and the reach of its posts fell sharply.",
    ],
    "he": [
        "הפלטפורמה הסירה פוסט שתיעד פשיטה על שכונת מגורים, בטענה שהפר את כללי הקהילה.",
        "חשבון של עיתונאי הושעה לאחר שפרסם תמונות מהמקום, והפלטפורמה לא נתנה סיבה.",
        "פעילה הותקפה בקמפיין הסתה מאורגן לאחר ראיון בתקשורת, כולל איומים ישירים.",
        "חשבון של ארגון חברה אזרחית נפרץ ושימש לפרסום הודעות מטעות בשמו.",
        "הגישה לדף חדשות מקומי הוגבלה והתפוצה של הפוסטים שלו ירדה מאוד.",
    ],
}


def seed_observatory(*, share: float = 0.35, seed: int = 7) -> int:
    """Publish about ``share`` of the documented violations that may be published; returns
    how many were published."""
    rng = random.Random(f"marsad-demo-observatory:{seed}")  # noqa: S311  # nosec B311
    # The rule publishing applies (cases.selectors.publication_consented): a report that
    # consents and was not withdrawn.
    consenting = Report.objects.filter(violation=OuterRef("pk"), consent_publish=True).exclude(
        triage_state=TriageState.WITHDRAWN
    )
    candidates = list(
        Violation.objects.counted()
        .filter(Exists(consenting), is_published=False)
        .order_by("pk")
        .values_list("pk", "documented_at")
    )
    chosen = [(pk, at) for pk, at in candidates if rng.random() < share]
    summaries = []
    for pk, _documented_at in chosen:
        pick = rng.randrange(len(SUMMARIES["ar"]))
        for language, texts in SUMMARIES.items():
            summaries.append(
                PublicSummary(
                    violation_id=pk,
                    language_code=language,
                    text=texts[pick],
                    no_names=True,
                    no_handles_or_links=True,
                    no_location_details=True,
                    no_contact_details=True,
                )
            )
    PublicSummary.objects.bulk_create(summaries, batch_size=1000)
    for pk, documented_at in chosen:
        # Like the rest of the demo's history, the publication itself is not on the timeline.
        Violation.objects.filter(pk=pk).update(is_published=True, published_at=documented_at)
    public_records_rebuild()
    return len(chosen)
