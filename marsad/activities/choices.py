from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    RESEARCH = "research", _("Research")
    POSITION_PAPER = "position_paper", _("Position paper")
    LEGAL_ANALYSIS = "legal_analysis", _("Legal analysis")
    GUIDE = "guide", _("Guide")
    SURVEY_RESULTS = "survey_results", _("Survey results")
    QUARTERLY_REPORT = "quarterly_report", _("Quarterly report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    OTHER = "other", _("Other publication")


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    PANEL = "panel", _("Panel or seminar")
    OTHER = "other", _("Other event")


class EventRole(models.TextChoices):
    ORGANISED = "organised", _("Organised by us")
    CO_ORGANISED = "co_organised", _("Organised with partners")
    PARTICIPATED = "participated", _("We took part")


class CampaignKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign")
    UN_SUBMISSION = "un_submission", _("UN submission or session")
    EU_SESSION = "eu_session", _("EU session")
    JOINT_LETTER = "joint_letter", _("Joint letter")
    COALITION_WORK = "coalition_work", _("Coalition work")
    OTHER = "other", _("Other advocacy")


class MilestoneKind(models.TextChoices):
    STATUS = "status", _("Status or accreditation")
    MEMBERSHIP = "membership", _("Membership")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other milestone")


class OrganisationKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    COMMUNITY = "community", _("Community or youth group")
    MEDIA = "media", _("Media")
    ACADEMIC = "academic", _("University or school")
    INTERNATIONAL = "international", _("International organisation")
    PUBLIC_BODY = "public_body", _("Public body")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class TargetKind(models.TextChoices):
    COMPANY = "company", _("Company")
    UN = "un", _("United Nations")
    EU = "eu", _("European Union")
    GOVERNMENT = "government", _("Government or parliament")
    OTHER = "other", _("Other")


class MediaKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    INTERVIEW = "interview", _("Interview")
    TELEVISION = "television", _("Television")
    RADIO = "radio", _("Radio")
    PODCAST = "podcast", _("Podcast")
    OTHER = "other", _("Other")


class MentionLanguage(models.TextChoices):
    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"
    HEBREW = "he", "עברית"
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    """The organisation's own communication channels."""

    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    TELEGRAM = "telegram", "Telegram"
    LINKEDIN = "linkedin", "LinkedIn"
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class FigureSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    IMPORT = "import", _("Imported from a file")
