"""What the demo is made of: the two seed projects as their documents state them, and the names, places and
institutions that make the generated people and workshops look like the real ones."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workshops.auth.models import Role
from workshops.people.models import RoleCategory
from workshops.programmes.services import ObjectiveDetails, ProjectDetails
from workshops.training.models import Language, Theme, WorkshopKind

Name = tuple[str, str | None]


def _names(text: str) -> tuple[Name, ...]:
    """'Mohamed=محمد, Ahmed=أحمد' gives (Latin, Arabic) pairs; a name written without '=' has no Arabic form."""
    return tuple((latin.strip(), arabic.strip() or None)
                 for latin, _, arabic in (item.partition("=") for item in text.split(",")))


# Seed 000 -----------------------------------------------------------------------------------------------------

FRAMEWORK = ProjectDetails(
    title="Strengthening the Framework of the Arab Region to Prevent and Combat Human Trafficking and Migrant "
          "Smuggling",
    implementing_partners=["The League of Arab States", "The Qatar Foundation for Combating Human Trafficking",
                           "The International Labour Organization (ILO)",
                           "National and External Experts, Regional and International Organizations"],
    donors=["Austria", "Belgium", "Germany", "Italy", "United Kingdom", "United States of America"],
    starts_on=date(2011, 6, 8), ends_on=date(2019, 6, 7), budget_usd=Decimal("6603958.00"),
    country_codes=["DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE"],
    target_groups=["Legislators", "Parliamentarians", "Policy Makers", "Criminal Justice Practitioners",
                   "Victim Service Providers", "Actual and Potential Victims of Human Trafficking"],
    title_fr="Renforcement du cadre de la région arabe pour prévenir et combattre la traite des êtres humains et le "
             "trafic illicite de migrants",
    title_ar="تعزيز إطار المنطقة العربية لمنع ومكافحة الاتجار بالبشر وتهريب المهاجرين")

#: Donor lines in English, French and Arabic.
FRAMEWORK_DONOR_LINE = ("With the support of Austria, Belgium, Germany, Italy, the United Kingdom and the "
                        "United States of America",
                        "Avec le soutien de l’Autriche, de la Belgique, de l’Allemagne, de l’Italie, du Royaume-Uni "
                        "et des États-Unis d’Amérique",
                        "بدعم من النمسا وبلجيكا وألمانيا وإيطاليا والمملكة المتحدة والولايات المتحدة الأمريكية")
CAPACITIES_DONOR_LINE = ("With the support of the Government of the Netherlands",
                         "Avec le soutien du Gouvernement des Pays-Bas", "بدعم من حكومة هولندا")
FRAMEWORK_OBJECTIVES = (
    ObjectiveDetails(1, "Arab regional action plan against human trafficking",
                     "Development of a comprehensive Arab regional action plan to prevent and combat human "
                     "trafficking to, from and within the Arab Region",
                     title_fr="Plan d’action régional arabe contre la traite des êtres humains",
                     title_ar="خطة العمل الإقليمية العربية لمكافحة الاتجار بالبشر"),
    ObjectiveDetails(2, "Trafficking in Persons Coordination Unit at the League of Arab States",
                     "Establishment of Trafficking in Persons Coordination Unit within the League of Arab States "
                     "structures",
                     title_fr="Unité de coordination de la lutte contre la traite des personnes au sein de la Ligue "
                              "des États arabes",
                     title_ar="وحدة تنسيق مكافحة الاتجار بالأشخاص في جامعة الدول العربية"),
    ObjectiveDetails(3, "Legislative assistance: compliance with the Trafficking in Persons Protocol",
                     "Complementing the legislative assistance activities of the Arab Initiative to combat human "
                     "trafficking to enhance the knowledge base on the participating countries legal frameworks' "
                     "compliance with the Trafficking in Persons Protocol and relevant international legal "
                     "instruments",
                     title_fr="Assistance législative\u00a0: conformité avec le Protocole relatif à la traite des "
                              "personnes",
                     title_ar="المساعدة التشريعية: الامتثال لبروتوكول الاتجار بالأشخاص"),
    ObjectiveDetails(4, "In-depth capacity training of criminal justice actors",
                     "In-depth capacity training of criminal justice actors",
                     title_fr="Formation approfondie des acteurs de la justice pénale",
                     title_ar="التدريب المتعمق لبناء قدرات الجهات الفاعلة في العدالة الجنائية"),
)

#: Trainees per country (seed 000's headline: 2,003 practitioners from these ten countries).
FRAMEWORK_TRAINEES = {"EG": 412, "SD": 236, "JO": 214, "MA": 205, "TN": 196, "LB": 188, "IQ": 181, "DZ": 150,
                      "LY": 118, "YE": 103}

# Seed 004 -----------------------------------------------------------------------------------------------------

HORN = ["DJ", "ER", "ET", "KE", "SO", "SS", "SD", "UG"]
SAHEL = ["BF", "TD", "ML", "MR", "NE"]

CAPACITIES = ProjectDetails(
    title="Building National Capacities to Combat Human Trafficking and Smuggling of Migrants",
    implementing_partners=["Cairo International Center for Conflict Resolution, Peacekeeping and Peacebuilding "
                           "(CCCPA)"],
    donors=["Government of the Netherlands"],
    starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30), budget_usd=Decimal("1120693.41"),
    country_codes=["EG", *HORN, *SAHEL],
    target_groups=["Government officials", "Frontline officers",
                   "Groups in vulnerable situations, including women, youth and migrants"],
    title_fr="Renforcement des capacités nationales de lutte contre la traite des êtres humains et le trafic illicite "
             "de migrants",
    title_ar="بناء القدرات الوطنية لمكافحة الاتجار بالبشر وتهريب المهاجرين")

CAPACITIES_OBJECTIVES = (
    ObjectiveDetails(1, "Specialized trainings on trafficking in persons and smuggling of migrants",
                     "Specialized trainings on combating human trafficking and smuggling of migrants, with a focus "
                     "on investigation, prosecution, cross-border cooperation, and integrating gender and technology "
                     "into national responses. Regional workshops provide platforms for dialogue, sharing best "
                     "practices, and fostering cross-border collaboration.",
                     title_fr="Formations spécialisées sur la traite des personnes et le trafic illicite de migrants",
                     title_ar="تدريبات متخصصة بشأن الاتجار بالأشخاص وتهريب المهاجرين"),
    ObjectiveDetails(2, "Gender and technology in national response mechanisms",
                     "Integration of gender and technology into national response mechanisms to ensure more "
                     "inclusive, innovative, and effective solutions.",
                     title_fr="Genre et technologie dans les mécanismes nationaux de riposte",
                     title_ar="المنظور الجنساني والتكنولوجيا في آليات الاستجابة الوطنية"),
    ObjectiveDetails(3, "Partnerships with regional and international organizations",
                     "Partnerships with regional and international organizations to maximize sustainability, "
                     "alignment, and shared learning.",
                     title_fr="Partenariats avec les organisations régionales et internationales",
                     title_ar="الشراكات مع المنظمات الإقليمية والدولية"),
    ObjectiveDetails(4, "Knowledge products: training manuals and policy briefs",
                     "Development of knowledge products, including training manuals and policy briefs to inform "
                     "policy and practice.",
                     title_fr="Produits de connaissance\u00a0: manuels de formation et notes d’orientation",
                     title_ar="المنتجات المعرفية: أدلة التدريب وموجزات السياسات"),
    ObjectiveDetails(5, "Monitoring and evaluation",
                     "Robust monitoring and evaluation systems to guide adaptation and inform continuous "
                     "improvement.",
                     title_fr="Suivi et évaluation",
                     title_ar="الرصد والتقييم"),
)

# Workshops ----------------------------------------------------------------------------------------------------

LE, PROSECUTOR, JUDGE = RoleCategory.LAW_ENFORCEMENT, RoleCategory.PROSECUTOR, RoleCategory.JUDGE
FRONTLINE, VICTIMS, POLICY, OTHER = (RoleCategory.FRONTLINE, RoleCategory.VICTIM_SERVICES, RoleCategory.POLICY,
                                     RoleCategory.OTHER)


@dataclass(frozen=True)
class Topic:
    """What a workshop is about; `audience` weighs who is sent to it, so a judges' workshop is mostly judges."""

    subject: str
    theme: Theme
    audience: dict[RoleCategory, int]

    @property
    def subject_fr(self) -> str:
        return SUBJECTS[self.subject][0]

    @property
    def subject_ar(self) -> str:
        return SUBJECTS[self.subject][1]


@dataclass(frozen=True)
class WorkshopPlan:
    """A workshop to create and how many of its seats each country fills; seed 004's are written out below,
    seed 000's are generated (there are too many to list)."""

    objective: int
    topic: Topic
    kind: WorkshopKind
    starts_on: date
    days: int
    city: str
    country_code: str
    language: Language
    #: Closed by its coordinator once it ended. Its status otherwise follows the dates of the day the demo is
    #: loaded: planned, ongoing, or awaiting close.
    closed: bool
    seats: dict[str, int]


NATIONAL, REGIONAL = WorkshopKind.NATIONAL, WorkshopKind.REGIONAL
CLOSED, LEFT_OPEN = True, False
AR, EN, FR = Language.ARABIC, Language.ENGLISH, Language.FRENCH

INVESTIGATORS = {LE: 6, PROSECUTOR: 3, JUDGE: 2, FRONTLINE: 1}
COURTS = {PROSECUTOR: 4, JUDGE: 5, LE: 1}
BORDERS = {LE: 4, FRONTLINE: 4, PROSECUTOR: 1}
PROTECTION = {FRONTLINE: 3, VICTIMS: 3, LE: 2, PROSECUTOR: 1, OTHER: 1}
POLICY_MAKERS = {POLICY: 5, PROSECUTOR: 1, JUDGE: 1, LE: 1, OTHER: 2}
COOPERATION = {PROSECUTOR: 3, JUDGE: 2, LE: 3, POLICY: 1}

#: Each topic's subject in French (with its article, after « sur ») and in Arabic (after « حول »).
SUBJECTS = {
    "investigating and prosecuting trafficking in persons cases":
        ("les enquêtes et les poursuites dans les affaires de traite des personnes",
         "التحقيق في قضايا الاتجار بالأشخاص والملاحقة القضائية فيها"),
    "victim identification for frontline officers":
        ("l’identification des victimes par les agents de première ligne",
         "تحديد هوية الضحايا لموظفي الخطوط الأمامية"),
    "investigating and prosecuting migrant smuggling":
        ("les enquêtes et les poursuites en matière de trafic illicite de migrants",
         "التحقيق في جرائم تهريب المهاجرين والملاحقة القضائية فيها"),
    "integrating gender into responses to trafficking and smuggling":
        ("l’intégration du genre dans la lutte contre la traite et le trafic illicite de migrants",
         "إدماج المنظور الجنساني في التصدي للاتجار بالأشخاص وتهريب المهاجرين"),
    "cross-border cooperation against trafficking and smuggling":
        ("la coopération transfrontalière contre la traite et le trafic illicite de migrants",
         "التعاون عبر الحدود لمكافحة الاتجار بالأشخاص وتهريب المهاجرين"),
    "the Arab regional action plan to prevent and combat human trafficking":
        ("le plan d’action régional arabe pour prévenir et combattre la traite des êtres humains",
         "خطة العمل الإقليمية العربية لمنع ومكافحة الاتجار بالبشر"),
    "national action plans against trafficking in persons":
        ("les plans d’action nationaux contre la traite des personnes",
         "خطط العمل الوطنية لمكافحة الاتجار بالأشخاص"),
    "data collection and reporting on trafficking in persons":
        ("la collecte de données et l’établissement de rapports sur la traite des personnes",
         "جمع البيانات وإعداد التقارير بشأن الاتجار بالأشخاص"),
    "coordinating national anti-trafficking committees":
        ("la coordination des comités nationaux de lutte contre la traite",
         "تنسيق عمل اللجان الوطنية لمكافحة الاتجار بالأشخاص"),
    "aligning national legislation with the Trafficking in Persons Protocol":
        ("la mise en conformité des législations nationales avec le Protocole relatif à la traite des personnes",
         "مواءمة التشريعات الوطنية مع بروتوكول الاتجار بالأشخاص"),
    "legislative responses to the smuggling of migrants":
        ("les réponses législatives au trafic illicite de migrants",
         "الاستجابات التشريعية لتهريب المهاجرين"),
    "adjudicating trafficking in persons cases":
        ("le jugement des affaires de traite des personnes",
         "الفصل في قضايا الاتجار بالأشخاص"),
    "financial investigations into trafficking and smuggling networks":
        ("les enquêtes financières sur les réseaux de traite et de trafic illicite de migrants",
         "التحقيقات المالية في شبكات الاتجار بالأشخاص وتهريب المهاجرين"),
    "protecting and assisting victims of trafficking":
        ("la protection et l’assistance aux victimes de la traite",
         "حماية ضحايا الاتجار بالأشخاص ومساعدتهم"),
    "smuggling of migrants by sea and across land borders":
        ("le trafic illicite de migrants par mer et par les frontières terrestres",
         "تهريب المهاجرين عن طريق البحر وعبر الحدود البرية"),
    "distinguishing trafficking in persons from smuggling of migrants":
        ("la distinction entre la traite des personnes et le trafic illicite de migrants",
         "التمييز بين الاتجار بالأشخاص وتهريب المهاجرين"),
    "investigating migrant smuggling along Sahel routes":
        ("les enquêtes sur le trafic illicite de migrants le long des routes du Sahel",
         "التحقيق في تهريب المهاجرين على طرق منطقة الساحل"),
    "identifying victims of trafficking in mixed migration flows":
        ("l’identification des victimes de la traite dans les flux migratoires mixtes",
         "تحديد هوية ضحايا الاتجار بالأشخاص في تدفقات الهجرة المختلطة"),
    "technology-facilitated trafficking and digital evidence":
        ("la traite facilitée par la technologie et les preuves numériques",
         "الاتجار بالأشخاص الميسَّر بالتكنولوجيا والأدلة الرقمية"),
    "investigating trafficking and smuggling in conflict settings":
        ("les enquêtes sur la traite et le trafic illicite de migrants en situation de conflit",
         "التحقيق في الاتجار بالأشخاص وتهريب المهاجرين في سياقات النزاع"),
    "including women, youth and migrants in anti-trafficking response plans":
        ("l’inclusion des femmes, des jeunes et des migrants dans les plans de lutte contre la traite",
         "إشراك النساء والشباب والمهاجرين في خطط التصدي للاتجار بالأشخاص"),
    "partnerships against trafficking and smuggling in the Sahel":
        ("les partenariats contre la traite et le trafic illicite de migrants au Sahel",
         "الشراكات لمكافحة الاتجار بالأشخاص وتهريب المهاجرين في منطقة الساحل"),
    "prosecuting trafficking and smuggling cases across borders":
        ("les poursuites transfrontalières dans les affaires de traite et de trafic illicite de migrants",
         "الملاحقة القضائية العابرة للحدود في قضايا الاتجار بالأشخاص وتهريب المهاجرين"),
    "monitoring and evaluation of national responses":
        ("le suivi et l’évaluation des réponses nationales",
         "رصد الاستجابات الوطنية وتقييمها"),
    "the training manual and policy briefs on trafficking and smuggling":
        ("le manuel de formation et les notes d’orientation sur la traite et le trafic illicite de migrants",
         "دليل التدريب وموجزات السياسات بشأن الاتجار بالأشخاص وتهريب المهاجرين"),
}

INVESTIGATING_TIP = Topic("investigating and prosecuting trafficking in persons cases", Theme.TIP, INVESTIGATORS)
VICTIM_IDENTIFICATION = Topic("victim identification for frontline officers", Theme.TIP,
                              {FRONTLINE: 5, LE: 3, VICTIMS: 2})
INVESTIGATING_SOM = Topic("investigating and prosecuting migrant smuggling", Theme.SOM, BORDERS)
GENDER = Topic("integrating gender into responses to trafficking and smuggling", Theme.BOTH,
               {POLICY: 3, VICTIMS: 3, LE: 2, FRONTLINE: 2, OTHER: 1})
CROSS_BORDER = Topic("cross-border cooperation against trafficking and smuggling", Theme.BOTH, COOPERATION)

#: Topics of seed 000's workshops, by objective number.
FRAMEWORK_TOPICS = {
    1: (Topic("the Arab regional action plan to prevent and combat human trafficking", Theme.TIP, POLICY_MAKERS),
        Topic("national action plans against trafficking in persons", Theme.TIP, POLICY_MAKERS)),
    2: (Topic("data collection and reporting on trafficking in persons", Theme.TIP, {POLICY: 3, LE: 2, OTHER: 1}),
        Topic("coordinating national anti-trafficking committees", Theme.TIP, POLICY_MAKERS)),
    3: (Topic("aligning national legislation with the Trafficking in Persons Protocol", Theme.TIP,
              {POLICY: 4, JUDGE: 2, PROSECUTOR: 2}),
        Topic("legislative responses to the smuggling of migrants", Theme.SOM, {POLICY: 4, JUDGE: 1, PROSECUTOR: 2})),
    4: (INVESTIGATING_TIP, VICTIM_IDENTIFICATION, INVESTIGATING_SOM, CROSS_BORDER,
        Topic("adjudicating trafficking in persons cases", Theme.TIP, COURTS),
        Topic("financial investigations into trafficking and smuggling networks", Theme.BOTH, INVESTIGATORS),
        Topic("protecting and assisting victims of trafficking", Theme.TIP, PROTECTION),
        Topic("smuggling of migrants by sea and across land borders", Theme.SOM, BORDERS),
        Topic("distinguishing trafficking in persons from smuggling of migrants", Theme.BOTH, INVESTIGATORS)),
}

#: Seed 000 opened with a regional consultation at the League of Arab States; its other workshops are generated.
FRAMEWORK_LAUNCH = WorkshopPlan(1, FRAMEWORK_TOPICS[1][0], REGIONAL, date(2011, 11, 13), 4, "Cairo", "EG", AR, CLOSED,
                                dict.fromkeys(FRAMEWORK_TRAINEES, 3))

#: Where each country's national workshops are held; a city twice is chosen twice as often.
CITIES = {"DZ": ("Algiers", "Algiers", "Oran"), "EG": ("Cairo", "Cairo", "Alexandria"),
          "IQ": ("Baghdad", "Baghdad", "Erbil"), "JO": ("Amman", "Amman", "Aqaba"), "LB": ("Beirut",),
          "LY": ("Tripoli",), "MA": ("Rabat", "Rabat", "Casablanca"), "SD": ("Khartoum",),
          "TN": ("Tunis", "Tunis", "Hammamet"), "YE": ("Sana'a",)}
#: From this year on, a country's national workshops were held abroad (the war in Yemen, the second Libyan war).
HELD_ABROAD = {"YE": (2015, (("Amman", "JO"), ("Cairo", "EG"))), "LY": (2014, (("Tunis", "TN"),))}
#: Regional workshops: mostly at the League of Arab States in Cairo, or with the Qatar Foundation in Doha.
REGIONAL_HOSTS = (("Cairo", "EG"), ("Cairo", "EG"), ("Cairo", "EG"), ("Doha", "QA"), ("Doha", "QA"),
                  ("Beirut", "LB"), ("Amman", "JO"), ("Tunis", "TN"), ("Rabat", "MA"), ("Algiers", "DZ"))
#: Seed 000's hosts whose working week starts on Monday; the others start on Sunday.
MONDAY_WEEK = {"LB", "MA", "TN"}


REGIONAL_LANGUAGES = (AR, AR, AR, EN, FR)
#: National workshops are in Arabic, except in the Maghreb (often French) and Lebanon (sometimes English).
NATIONAL_LANGUAGES = {"DZ": (FR, AR), "MA": (FR, AR), "TN": (FR, AR), "LB": (AR, AR, EN)}
#: Seed 000's workshops last three to five days, most of them four or five.
DAYS = (3, 4, 4, 5, 5)

SAHEL_ROUTES = Topic("investigating migrant smuggling along Sahel routes", Theme.SOM, BORDERS)
MIXED_FLOWS = Topic("identifying victims of trafficking in mixed migration flows", Theme.BOTH, PROTECTION)
DIGITAL = Topic("technology-facilitated trafficking and digital evidence", Theme.TIP, INVESTIGATORS)
CONFLICT = Topic("investigating trafficking and smuggling in conflict settings", Theme.BOTH, INVESTIGATORS)
INCLUSION = Topic("including women, youth and migrants in anti-trafficking response plans", Theme.TIP,
                  {POLICY: 4, VICTIMS: 3, FRONTLINE: 1, OTHER: 1})
PARTNERSHIPS = Topic("partnerships against trafficking and smuggling in the Sahel", Theme.BOTH, COOPERATION)
ACROSS_BORDERS = Topic("prosecuting trafficking and smuggling cases across borders", Theme.BOTH, COURTS)
EVALUATION = Topic("monitoring and evaluation of national responses", Theme.BOTH, POLICY_MAKERS)
MANUAL = Topic("the training manual and policy briefs on trafficking and smuggling", Theme.BOTH, POLICY_MAKERS)

#: Seed 004 as of late November 2026: eleven workshops done and closed, one just ended and left awaiting close,
#: two planned for the project's last days.
CAPACITIES_WORKSHOPS = (
    WorkshopPlan(1, INVESTIGATING_TIP, NATIONAL, date(2025, 2, 16), 5, "Cairo", "EG", AR, CLOSED, {"EG": 32}),
    WorkshopPlan(1, CROSS_BORDER, REGIONAL, date(2025, 4, 14), 4, "Addis Ababa", "ET", EN, CLOSED,
                 {"ET": 5, "DJ": 4, "ER": 3, "KE": 5, "SO": 4, "SS": 4, "SD": 4, "UG": 4}),
    WorkshopPlan(2, GENDER, REGIONAL, date(2025, 5, 19), 4, "Nairobi", "KE", EN, CLOSED,
                 {"KE": 6, "ET": 5, "UG": 5, "SO": 4, "SS": 4, "DJ": 3, "ER": 3}),
    WorkshopPlan(1, SAHEL_ROUTES, REGIONAL, date(2025, 6, 23), 4, "Niamey", "NE", FR, CLOSED,
                 {"NE": 8, "BF": 6, "ML": 6, "TD": 6, "MR": 5}),
    WorkshopPlan(1, VICTIM_IDENTIFICATION, NATIONAL, date(2025, 7, 13), 5, "Cairo", "EG", AR, CLOSED, {"EG": 34}),
    WorkshopPlan(1, MIXED_FLOWS, NATIONAL, date(2025, 9, 14), 3, "Djibouti", "DJ", FR, CLOSED, {"DJ": 26}),
    WorkshopPlan(2, DIGITAL, REGIONAL, date(2025, 10, 19), 4, "Cairo", "EG", EN, CLOSED,
                 {"EG": 6, "ET": 3, "KE": 3, "SD": 4, "SO": 2, "UG": 3, "NE": 3, "TD": 3, "ML": 2, "MR": 2, "BF": 2}),
    WorkshopPlan(1, CONFLICT, NATIONAL, date(2025, 11, 9), 4, "Port Sudan", "SD", AR, CLOSED, {"SD": 30}),
    WorkshopPlan(1, INVESTIGATING_SOM, NATIONAL, date(2025, 12, 8), 4, "N'Djamena", "TD", FR, CLOSED, {"TD": 28}),
    WorkshopPlan(2, INCLUSION, NATIONAL, date(2026, 2, 9), 4, "Nouakchott", "MR", AR, CLOSED, {"MR": 27}),
    WorkshopPlan(3, PARTNERSHIPS, REGIONAL, date(2026, 5, 18), 4, "Bamako", "ML", FR, CLOSED,
                 {"ML": 7, "BF": 6, "NE": 6, "TD": 5, "MR": 5}),
    WorkshopPlan(1, ACROSS_BORDERS, REGIONAL, date(2026, 11, 22), 5, "Cairo", "EG", EN, LEFT_OPEN,
                 {"EG": 8, "SD": 5, "ET": 4, "SS": 4, "ER": 3, "SO": 3, "DJ": 3}),
    WorkshopPlan(5, EVALUATION, REGIONAL, date(2026, 11, 29), 1, "Cairo", "EG", EN, LEFT_OPEN,
                 {"EG": 4, "ET": 2, "KE": 2, "NE": 2, "TD": 2}),
    WorkshopPlan(4, MANUAL, REGIONAL, date(2026, 11, 30), 1, "Cairo", "EG", EN, LEFT_OPEN, {}),
)

# People -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    men: tuple[Name, ...]
    women: tuple[Name, ...]
    families: tuple[Name, ...]


MAGHREB_MEN = _names(
    "Mohamed=محمد, Karim=كريم, Youssef=يوسف, Mehdi=مهدي, Hamza=حمزة, Amine=أمين, Nabil=نبيل, Rachid=رشيد, "
    "Abdelkader=عبد القادر, Said=سعيد, Hicham=هشام, Mourad=مراد, Sofiane=سفيان, Yassine=ياسين, Anis=أنيس, "
    "Slim=سليم, Walid=وليد, Abdellah=عبد الله, Mustapha=مصطفى, Noureddine=نور الدين, Lotfi=لطفي, Fethi=فتحي, "
    "Bilal=بلال, Tarik=طارق, Driss=إدريس, Adel=عادل")
MAGHREB_WOMEN = _names(
    "Fatima Zahra=فاطمة الزهراء, Khadija=خديجة, Samira=سميرة, Nadia=نادية, Meriem=مريم, Imane=إيمان, Salma=سلمى, "
    "Amel=أمل, Leila=ليلى, Houda=هدى, Asma=أسماء, Nawal=نوال, Soumaya=سمية, Hajar=هاجر, Rim=ريم, Ines=إيناس, "
    "Wafa=وفاء, Zineb=زينب, Latifa=لطيفة, Karima=كريمة")
LEVANT_WOMEN = _names(
    "Rana=رنا, Lina=لينا, Dima=ديما, Hala=هالة, Ruba=ربى, Suha=سهى, Hanan=حنان, Aseel=أسيل, Rawan=روان, "
    "Dana=دانة, Reem=ريم, Sawsan=سوسن, Areej=أريج, Maha=مها, Samar=سمر, Nour=نور")

NAMES = {
    "EG": NamePool(
        _names("Mohamed=محمد, Ahmed=أحمد, Mahmoud=محمود, Mostafa=مصطفى, Khaled=خالد, Tarek=طارق, Amr=عمرو, "
               "Hossam=حسام, Sherif=شريف, Walid=وليد, Hany=هاني, Ashraf=أشرف, Ayman=أيمن, Karim=كريم, Omar=عمر, "
               "Yasser=ياسر, Ibrahim=إبراهيم, Hassan=حسن, Osama=أسامة, Wael=وائل, Sameh=سامح, Adel=عادل, "
               "Emad=عماد, Magdy=مجدي, Tamer=تامر, Essam=عصام"),
        _names("Fatma=فاطمة, Mona=منى, Heba=هبة, Nermeen=نرمين, Rania=رانيا, Dina=دينا, Sara=سارة, "
               "Yasmine=ياسمين, Noha=نهى, Amira=أميرة, Mai=مي, Reham=ريهام, Ghada=غادة, Hala=هالة, Marwa=مروة, "
               "Nesma=نسمة, Eman=إيمان, Shaimaa=شيماء"),
        _names("Abdelrahman=عبد الرحمن, El-Sayed=السيد, Hassan=حسن, Mahmoud=محمود, Ibrahim=إبراهيم, "
               "Mostafa=مصطفى, Abdel Aziz=عبد العزيز, Fathy=فتحي, Soliman=سليمان, Ragab=رجب, Shehata=شحاتة, "
               "Farouk=فاروق, Gamal=جمال, Salem=سالم, Abdallah=عبد الله, Kamel=كامل, Zaki=زكي, El-Masry=المصري, "
               "Helmy=حلمي, Nasr=نصر, Hegazy=حجازي, Badawi=بدوي, Fouad=فؤاد, Mansour=منصور, Youssef=يوسف, "
               "Ezzat=عزت, Sabry=صبري, Ashour=عاشور, Eid=عيد, Sharaf=شرف")),
    "SD": NamePool(
        _names("Osman=عثمان, Abdelrahim=عبد الرحيم, Elfatih=الفاتح, Babiker=بابكر, Hamid=حامد, Elsadig=الصادق, "
               "Musa=موسى, Awad=عوض, Hashim=هاشم, Yousif=يوسف, Abdalla=عبد الله, Elamin=الأمين, Mohamed=محمد, "
               "Ahmed=أحمد, Khalid=خالد, Omer=عمر, Ibrahim=إبراهيم, Mutasim=معتصم, Tarig=طارق, Nasreldin=نصر الدين"),
        _names("Amna=آمنة, Fatima=فاطمة, Hiba=هبة, Samia=سامية, Nafisa=نفيسة, Ikhlas=إخلاص, Maha=مها, Rasha=رشا, "
               "Tahani=تهاني, Sawsan=سوسن, Mawahib=مواهب, Nahid=ناهد, Zeinab=زينب, Afaf=عفاف"),
        _names("Osman=عثمان, Elamin=الأمين, Abdelrahim=عبد الرحيم, Babiker=بابكر, Elhassan=الحسن, "
               "Elmahdi=المهدي, Abdelgadir=عبد القادر, Suliman=سليمان, Hamad=حمد, Idris=إدريس, Ali=علي, "
               "Eltayeb=الطيب, Mustafa=مصطفى, Adam=آدم, Yagoub=يعقوب, Elnour=النور, Abbas=عباس, Ismail=إسماعيل, "
               "Mohamed Kheir=محمد خير, Elsheikh=الشيخ")),
    "LY": NamePool(
        _names("Mohamed=محمد, Ahmed=أحمد, Ali=علي, Abdulsalam=عبد السلام, Mustafa=مصطفى, Salem=سالم, Faraj=فرج, "
               "Khalifa=خليفة, Abdulhakim=عبد الحكيم, Nuri=نوري, Hussein=حسين, Ibrahim=إبراهيم, Omar=عمر, "
               "Tarek=طارق, Osama=أسامة, Abdullah=عبد الله"),
        _names("Fatima=فاطمة, Aisha=عائشة, Salma=سلمى, Hawa=حواء, Najat=نجاة, Amal=أمل, Mabrouka=مبروكة, "
               "Asma=أسماء, Huda=هدى, Rabia=ربيعة, Naima=نعيمة"),
        _names("Al-Mabrouk=المبروك, Ben Ali=بن علي, Al-Zawi=الزاوي, Al-Warfalli=الورفلي, Al-Misrati=المصراتي, "
               "Al-Obeidi=العبيدي, Abushagur=أبوشاقور, Al-Senussi=السنوسي, Gaddour=قدور, Al-Tarhouni=الترهوني, "
               "Al-Barghathi=البرغثي, Elkikhia=الكيخيا, Al-Fituri=الفيتوري, Zlitni=الزليتني, Al-Sharif=الشريف")),
    "DZ": NamePool(MAGHREB_MEN, MAGHREB_WOMEN, _names(
        "Benali=بن علي, Bouzid=بوزيد, Belkacem=بلقاسم, Hadjadj=حجاج, Mebarki=مباركي, Cherif=شريف, Benamar=بن عمر, "
        "Saadi=سعدي, Kaci=قاسي, Hamidi=حميدي, Ait Ahmed=آيت أحمد, Bouchama=بوشامة, Zerrouki=زروقي, "
        "Mansouri=منصوري, Larbi=العربي, Khelifi=خليفي, Messaoudi=مسعودي, Brahimi=براهيمي, Slimani=سليماني, "
        "Toumi=تومي")),
    "MA": NamePool(MAGHREB_MEN, MAGHREB_WOMEN, _names(
        "El Amrani=العمراني, Bennani=بناني, Alaoui=العلوي, El Idrissi=الإدريسي, Tazi=التازي, Berrada=برادة, "
        "Benjelloun=بنجلون, Chraibi=الشرايبي, El Fassi=الفاسي, Ouazzani=الوزاني, Lahlou=لحلو, Bouazza=بوعزة, "
        "Naciri=الناصري, Ziani=الزياني, El Ouafi=الوافي, Kettani=الكتاني, Sqalli=الصقلي")),
    "TN": NamePool(MAGHREB_MEN, MAGHREB_WOMEN, _names(
        "Ben Salah=بن صالح, Trabelsi=الطرابلسي, Jebali=الجبالي, Gharbi=الغربي, Ben Youssef=بن يوسف, "
        "Mejri=الماجري, Hammami=الحمامي, Jlassi=الجلاصي, Sassi=ساسي, Ayari=العياري, Dridi=الدريدي, "
        "Chaabane=شعبان, Baccouche=بكوش, Karoui=القروي, Ben Amor=بن عمر, Mabrouk=مبروك, Khemiri=الخميري, "
        "Zouari=الزواري")),
    "JO": NamePool(
        _names("Mohammad=محمد, Ahmad=أحمد, Omar=عمر, Khaled=خالد, Ali=علي, Ibrahim=إبراهيم, Mahmoud=محمود, "
               "Ayman=أيمن, Bassam=بسام, Firas=فراس, Hamza=حمزة, Mazen=مازن, Raed=رائد, Samer=سامر, Tariq=طارق, "
               "Yazan=يزن, Zaid=زيد, Anas=أنس, Moath=معاذ, Odai=عدي"),
        LEVANT_WOMEN,
        _names("Obeidat=عبيدات, Al-Zoubi=الزعبي, Haddadin=حدادين, Al-Majali=المجالي, Al-Khatib=الخطيب, "
               "Al-Momani=المومني, Bani Hani=بني هاني, Al-Shboul=الشبول, Nasser=ناصر, Al-Rawashdeh=الرواشدة, "
               "Al-Qudah=القضاة, Al-Smadi=الصمادي, Hamdan=حمدان, Abu Zaid=أبو زيد, Al-Tarawneh=الطراونة, "
               "Haddad=حداد")),
    "LB": NamePool(
        _names("Georges=جورج, Elie=إيلي, Antoine=أنطوان, Charbel=شربل, Joseph=جوزيف, Fadi=فادي, Rami=رامي, "
               "Ziad=زياد, Nabil=نبيل, Hussein=حسين, Ali=علي, Mohammad=محمد, Khalil=خليل, Bilal=بلال, "
               "Wissam=وسام, Tony=طوني, Karim=كريم, Hadi=هادي, Rabih=ربيع, Marwan=مروان"),
        _names("Rita=ريتا, Carla=كارلا, Maya=مايا, Nour=نور, Zeina=زينة, Rima=ريما, Layla=ليلى, Joelle=جويل, "
               "Nadine=نادين, Hiba=هبة, Mireille=ميراي, Rola=رولا, Sana=سناء, Dalia=داليا"),
        _names("Khoury=خوري, Haddad=حداد, Hayek=حايك, Karam=كرم, Rizk=رزق, Hamadeh=حمادة, Fadlallah=فضل الله, "
               "Saab=صعب, Nassar=نصار, Sleiman=سليمان, Khalil=خليل, Mansour=منصور, Azar=عازار, Daher=ضاهر, "
               "Jaber=جابر, Harb=حرب, Moussa=موسى, Chehab=شهاب, Younes=يونس, Farhat=فرحات")),
    "IQ": NamePool(
        _names("Haidar=حيدر, Ali=علي, Hussein=حسين, Abbas=عباس, Mustafa=مصطفى, Ahmed=أحمد, Mohammed=محمد, "
               "Omar=عمر, Saad=سعد, Qasim=قاسم, Karrar=كرار, Muntadhar=منتظر, Ammar=عمار, Salam=سلام, Laith=ليث, "
               "Firas=فراس, Zaid=زيد, Raad=رعد, Hassan=حسن, Falah=فلاح"),
        _names("Zainab=زينب, Fatima=فاطمة, Noor=نور, Shatha=شذى, Sura=سرى, Hiba=هبة, Rusul=رسل, Maryam=مريم, "
               "Inas=إيناس, Wasan=وسن, Israa=إسراء, Huda=هدى"),
        _names("Al-Jubouri=الجبوري, Al-Obaidi=العبيدي, Al-Dulaimi=الدليمي, Al-Saadi=السعدي, Al-Hashimi=الهاشمي, "
               "Al-Rubaie=الربيعي, Al-Tamimi=التميمي, Al-Shammari=الشمري, Al-Khafaji=الخفاجي, Al-Zubaidi=الزبيدي, "
               "Al-Bayati=البياتي, Al-Ani=العاني, Al-Azzawi=العزاوي, Al-Musawi=الموسوي, Kubba=كبة, Al-Rawi=الراوي, "
               "Al-Janabi=الجنابي")),
    "YE": NamePool(
        _names("Mohammed=محمد, Abdullah=عبد الله, Ali=علي, Saleh=صالح, Ahmed=أحمد, Abdulrahman=عبد الرحمن, "
               "Nabil=نبيل, Fuad=فؤاد, Abdulkarim=عبد الكريم, Yahya=يحيى, Hamoud=حمود, Adel=عادل, Waleed=وليد, "
               "Khaled=خالد, Mohsen=محسن, Ameen=أمين"),
        _names("Amal=أمل, Arwa=أروى, Bushra=بشرى, Fatima=فاطمة, Huda=هدى, Entisar=انتصار, Sabah=صباح, "
               "Nabila=نبيلة, Afrah=أفراح, Hana=هناء"),
        _names("Al-Hakimi=الحكيمي, Al-Eryani=الإرياني, Al-Maqtari=المقطري, Al-Sharabi=الشرعبي, Al-Absi=العبسي, "
               "Al-Hammadi=الحمادي, Al-Adeni=العدني, Al-Qadhi=القاضي, Ba Abbad=باعباد, Al-Zubairi=الزبيري, "
               "Bin Ghaleb=بن غالب, Al-Sanabani=السنباني, Al-Yafei=اليافعي, Al-Haddad=الحداد, Shamsan=شمسان")),
    "MR": NamePool(
        _names("Mohamed=محمد, Ahmed=أحمد, Sidi=سيدي, Cheikh=الشيخ, Mohamed Lemine=محمد الأمين, Ely=اعلي, "
               "Brahim=إبراهيم, Mohamedou=محمدو, El Moustapha=المصطفى, Yahya=يحيى, Abdallahi=عبد الله"),
        _names("Mariem=مريم, Fatimetou=فاطمة, Aicha=عائشة, Khadijetou=خديجة, Zeinabou=زينب, Mahjouba=محجوبة, "
               "Lalla=لالة, Vatma=فاطمة"),
        _names("Ould Ahmed=ولد أحمد, Ould Sidi=ولد سيدي, Ould Cheikh=ولد الشيخ, Ould Mohamed=ولد محمد, "
               "Ould Abdallahi=ولد عبد الله, Ould Boubacar=ولد بوبكر, Ould Ely=ولد اعلي, Ould Mahmoud=ولد محمود, "
               "Ould Salem=ولد سالم, Ould Moctar=ولد المختار")),
    "ET": NamePool(
        _names("Abebe, Tesfaye, Girma, Dawit, Yonas, Solomon, Mulugeta, Bekele, Getachew, Henok, Kebede, Tadesse"),
        _names("Mekdes, Selamawit, Hirut, Tigist, Meseret, Bethlehem, Almaz, Aster, Genet, Rahel"),
        _names("Alemu, Tesfaye, Bekele, Haile, Gebremedhin, Mengistu, Tadesse, Wolde, Abera, Kebede, Desta, "
               "Assefa, Getahun, Negash")),
    "ER": NamePool(
        _names("Tesfay, Yemane, Mehari, Berhane, Tekle, Habte, Samuel, Filmon, Semere"),
        _names("Senait, Helen, Saba, Luwam, Yordanos, Selam, Rahwa"),
        _names("Gebremariam, Tekle, Habtemariam, Ghebreyesus, Woldemichael, Asmerom, Berhe, Kidane, Tesfamariam, "
               "Mebrahtu")),
    "KE": NamePool(
        _names("Peter, John, David, Brian, Kevin, Samuel, Joseph, Daniel, Evans, Collins, Wilson, Hassan"),
        _names("Mary, Grace, Faith, Mercy, Esther, Joyce, Wanjiru, Achieng, Njeri, Akinyi"),
        _names("Otieno, Odhiambo, Kamau, Mwangi, Kiprop, Kiplagat, Wanjala, Ochieng, Mutua, Kariuki, Njoroge, "
               "Chebet, Wafula, Omondi, Barasa")),
    "UG": NamePool(
        _names("Moses, Ronald, Isaac, Robert, Patrick, Godfrey, Emmanuel, Denis, Julius, Henry"),
        _names("Sarah, Prossy, Harriet, Annet, Brenda, Juliet, Florence, Agnes"),
        _names("Okello, Mugisha, Tumusiime, Byaruhanga, Mukasa, Ochen, Opio, Kato, Kizza, Atwine, Okot, Ssali")),
    "SO": NamePool(
        _names("Abdi, Mohamed, Ahmed, Abdirahman, Hassan, Ali, Abdullahi, Yusuf, Omar, Mahad, Said, Liban"),
        _names("Hodan, Ayaan, Fadumo, Sahra, Hawa, Amina, Ifrah, Khadra, Nasra, Sagal"),
        _names("Farah, Warsame, Hassan, Jama, Abdi, Ali, Mohamud, Osman, Hussein, Nur, Aden, Elmi, Dahir, Yusuf")),
    "DJ": NamePool(
        _names("Ahmed, Mohamed, Abdourahman, Houssein, Ali, Moussa, Daher, Ismaël, Youssouf, Omar, Idriss"),
        _names("Fatouma, Hasna, Kadra, Aicha, Deka, Hibo, Zahra, Mouna"),
        _names("Ahmed, Ali, Houmed, Djama, Robleh, Mohamed, Hassan, Osman, Waberi, Farah, Abdillahi, Bouh, Dirieh")),
    "SS": NamePool(
        _names("John, James, Peter, Deng, Garang, Majok, Lual, Gatluak, Michael, Santino, Kuol"),
        _names("Nyandeng, Achol, Mary, Rebecca, Awut, Nyibol, Agnes, Grace, Nyakim"),
        _names("Deng, Garang, Akol, Majok, Lual, Mabior, Kuol, Chol, Makuei, Nyok, Bol, Wani, Lado, Gatkuoth")),
    "BF": NamePool(
        _names("Issouf, Boukary, Adama, Ousmane, Salif, Seydou, Abdoulaye, Harouna, Souleymane, Jean-Baptiste, "
               "Moumouni, Hamidou"),
        _names("Aminata, Mariam, Awa, Salimata, Fatimata, Rasmata, Alimata, Bibata, Clarisse, Odile"),
        _names("Ouédraogo, Sawadogo, Kaboré, Zongo, Ouattara, Traoré, Zoungrana, Nikiéma, Sanou, Bationo, Yaméogo, "
               "Ilboudo, Kinda, Tapsoba")),
    "ML": NamePool(
        _names("Moussa, Oumar, Mamadou, Bakary, Modibo, Boubacar, Souleymane, Abdoulaye, Ibrahim, Sidiki, Daouda, "
               "Drissa"),
        _names("Fatoumata, Aminata, Mariam, Kadiatou, Oumou, Djénéba, Assitan, Hawa, Rokia, Nana"),
        _names("Traoré, Keïta, Diarra, Coulibaly, Koné, Diallo, Sissoko, Touré, Dembélé, Sangaré, Maïga, Cissé, "
               "Konaté, Samaké, Doumbia")),
    "NE": NamePool(
        _names("Moussa, Mahamadou, Issoufou, Abdou, Saidou, Hamidou, Amadou, Ibrahim, Ousmane, Idrissa, Mamane, "
               "Boubacar"),
        _names("Hadiza, Mariama, Zeinabou, Aïchatou, Hawa, Ramatou, Halima, Fati, Safiatou, Balkissa"),
        _names("Issoufou, Moussa, Abdou, Mahamane, Souley, Garba, Hamani, Oumarou, Maïga, Boubacar, Illiassou, "
               "Sani, Adamou, Harouna, Yacouba")),
    "TD": NamePool(
        _names("Mahamat, Abakar, Hassane, Idriss, Ali, Moussa, Brahim, Adoum, Saleh, Oumar, Ahmat, Djibrine"),
        _names("Haoua, Zara, Achta, Fatimé, Khadidja, Amina, Mariam, Hawaye, Djamila, Ache"),
        _names("Mahamat, Abakar, Hassane, Adoum, Saleh, Brahim, Ahmat, Issa, Ousmane, Djibrine, Abdelkerim, "
               "Hisseine, Nassour, Youssouf")),
}

#: A woman's Mauritanian family name says "daughter of" (Mint) where a man's says "son of" (Ould).
DAUGHTER_OF = (("Ould ", "Mint "), ("ولد ", "منت "))

CALLING_CODES = {"DZ": 213, "EG": 20, "IQ": 964, "JO": 962, "LB": 961, "LY": 218, "MA": 212, "SD": 249, "TN": 216,
                 "YE": 967, "DJ": 253, "ER": 291, "ET": 251, "KE": 254, "SO": 252, "SS": 211, "UG": 256, "BF": 226,
                 "TD": 235, "ML": 223, "MR": 222, "NE": 227}

#: Institutions by role, each with the positions people hold there; {committee} and {social} become the
#: country's own national committee and social ministry.
AGENCIES = {
    LE: (("Ministry of Interior", ("Police Lieutenant", "Police Captain", "Police Major", "Police Colonel")),
         ("Criminal Investigation Department", ("Investigating Officer", "Police Captain", "Police Major")),
         ("Anti-Human Trafficking Unit, Ministry of Interior", ("Police Captain", "Lieutenant Colonel")),
         ("Border Guard", ("Border Guard Lieutenant", "Border Guard Captain", "Major")),
         ("Labour Inspectorate, Ministry of Labour", ("Labour Inspector", "Senior Labour Inspector"))),
    PROSECUTOR: (("Public Prosecution", ("Deputy Prosecutor", "Prosecutor", "Senior Prosecutor", "Chief Prosecutor")),
                 ("Office of the Attorney General", ("Assistant Attorney General", "Advocate General"))),
    JUDGE: (("Court of Appeal", ("Judge", "Counsellor", "Presiding Judge")),
            ("Court of First Instance", ("Judge", "Investigating Judge", "Presiding Judge")),
            ("Court of Cassation", ("Counsellor",)),
            ("Ministry of Justice", ("Judge, Judicial Inspection", "Judge, Legislation Department"))),
    FRONTLINE: (("Immigration and Passports Department", ("Immigration Officer", "Passport Control Officer")),
                ("Coast Guard", ("Coast Guard Officer", "Coast Guard Lieutenant")),
                ("Consular Department, Ministry of Foreign Affairs", ("Consular Officer", "Vice-Consul")),
                ("{social}", ("Social Worker", "Child Protection Officer")),
                ("Ministry of Labour", ("Labour Migration Officer",))),
    VICTIMS: (("{social}", ("Social Worker", "Case Manager")),
              ("Shelter for Victims of Trafficking", ("Shelter Coordinator", "Psychologist", "Social Worker")),
              ("Red Crescent Society", ("Programme Officer", "Volunteer Coordinator")),
              ("Ministry of Health", ("Physician", "Psychologist")),
              ("National Council for Women", ("Programme Officer", "Legal Adviser"))),
    POLICY: (("{committee}", ("Committee Member", "Rapporteur", "Legal Adviser")),
             ("Parliament", ("Member of Parliament", "Parliamentary Adviser")),
             ("Ministry of Justice", ("Legal Adviser", "Director of Legislation")),
             ("Ministry of Foreign Affairs", ("Counsellor", "First Secretary")),
             ("Ministry of Labour", ("Director", "Legal Adviser"))),
    OTHER: (("National Human Rights Council", ("Researcher", "Programme Officer")),
            ("Bar Association", ("Lawyer",)),
            ("University", ("Lecturer", "Professor of Criminal Law")),
            ("Journalists' Syndicate", ("Journalist",))),
}
NATIONAL_COMMITTEES = {
    "EG": "National Coordinating Committee for Combating and Preventing Illegal Migration and Trafficking in Persons",
    "JO": "National Committee for the Prevention of Human Trafficking",
    "IQ": "Central Committee to Combat Trafficking in Persons",
    "MA": "National Commission to Combat and Prevent Trafficking in Persons",
    "TN": "National Authority to Combat Trafficking in Persons",
    "DZ": "National Committee to Prevent and Combat Trafficking in Persons",
}
DEFAULT_COMMITTEE = "National Committee to Combat Human Trafficking"
SOCIAL_MINISTRIES = {"EG": "Ministry of Social Solidarity", "JO": "Ministry of Social Development",
                     "MA": "Ministry of Solidarity, Social Integration and Family"}
DEFAULT_SOCIAL_MINISTRY = "Ministry of Social Affairs"

#: Share of women by role: few among police and border officers, most among social workers.
WOMEN_SHARE = {LE: 0.22, PROSECUTOR: 0.35, JUDGE: 0.35, FRONTLINE: 0.3, VICTIMS: 0.7, POLICY: 0.45, OTHER: 0.5}

# Users --------------------------------------------------------------------------------------------------------

#: (email, full name, role); seed 000's workshops are led by the first three trainers, seed 004's by all four.
USERS = (
    ("admin@workshops.example", "Nadia Khalil", Role.ADMIN),
    ("lead@workshops.example", "Karim Mansour", Role.LEAD),
    ("coordinator@workshops.example", "Salma Youssef", Role.COORDINATOR),
    ("trainer@workshops.example", "Hisham El-Sayed", Role.TRAINER),
    ("leila.benyoussef@workshops.example", "Leila Ben Youssef", Role.TRAINER),
    ("omar.haddad@workshops.example", "Omar Haddad", Role.TRAINER),
    ("aster.tesfaye@workshops.example", "Aster Tesfaye", Role.TRAINER),
)
