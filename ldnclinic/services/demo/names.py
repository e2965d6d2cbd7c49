"""Fictional but realistic data for `ldnclinic demo`: names as diverse as Texas, places, lists.

Every name group has female and male given names and surnames written as people write
them (accents, Vietnamese diacritics, apostrophes, hyphens, particles). Weights follow
Texas's population roughly, with the smaller communities kept visible. Phone numbers use
the 555-0100..555-0199 block, which is reserved for fiction, and e-mail domains are the
reserved example.* ones, so no demo record can reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from ldnclinic.domain.enums import Language


@dataclass(frozen=True, slots=True)
class NameGroup:
    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    # Share of the group that prefers a language other than English, and which.
    other_language: Language | None = None
    other_language_share: float = 0.0
    # Vietnamese-style middle names (Thị for women, Văn for men), else a given name.
    female_middles: tuple[str, ...] = ()
    male_middles: tuple[str, ...] = ()
    # Second surnames joined with a hyphen (García-López), as a share of the group.
    hyphenated_share: float = 0.0
    # English names some people go by (a preferred name), as a share of the group.
    preferred_share: float = 0.0


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        key="hispanic",
        weight=38,
        female=_words(
            "María|Guadalupe|Sofía|Ximena|Valeria|Lucía|Ana|Rosa|Verónica|Mónica|Adriana|"
            "Marisol|Yolanda|Leticia|Beatriz|Inés|Itzel|Araceli|Dolores|Belén|Raquel|"
            "Alejandra|Elena|Paola|Natalia|Yesenia|Teresa|Graciela|Noemí|Citlali"
        ),
        male=_words(
            "José|Juan|Luis|Jesús|Miguel|Ángel|Carlos|Jorge|Alejandro|Héctor|Raúl|Óscar|"
            "Andrés|Joaquín|Ramón|Rubén|Efraín|Tomás|Sebastián|Martín|Iván|Adrián|Fernando|"
            "Rodrigo|Mateo|Emiliano|Santiago|Gerardo|Julián|Ignacio"
        ),
        surnames=_words(
            "García|Hernández|Martínez|González|Rodríguez|López|Pérez|Sánchez|Ramírez|Flores|"
            "Gómez|Díaz|Cruz|Reyes|Morales|Gutiérrez|Ortiz|Chávez|Ruiz|Jiménez|Mendoza|"
            "Vásquez|Castillo|Salazar|Peña|Muñoz|Núñez|Ibáñez|Treviño|Garza|Cantú|Villarreal|"
            "Saldaña|Zúñiga|Ochoa|Benavides|Guzmán|Cárdenas|de la Garza|De León|Montoya|Báez"
        ),
        other_language=Language.SPANISH,
        other_language_share=0.35,
        female_middles=_words("María|Guadalupe|Isabel|Elena|Luz"),
        male_middles=_words("Luis|Antonio|Manuel|José|Alberto"),
        hyphenated_share=0.08,
        preferred_share=0.06,
    ),
    NameGroup(
        key="anglo",
        weight=30,
        female=_words(
            "Emily|Sarah|Jennifer|Jessica|Ashley|Amanda|Megan|Katherine|Elizabeth|Rebecca|"
            "Lauren|Hannah|Brittany|Heather|Kimberly|Laura|Shelby|Mary Beth|Peggy Sue|Abigail|"
            "Claire|Madison|Caroline|Anne|Susan"
        ),
        male=_words(
            "James|John|Robert|Michael|William|David|Richard|Thomas|Christopher|Matthew|"
            "Daniel|Joshua|Andrew|Tyler|Cody|Travis|Dustin|Wade|Billy Ray|Colton|Garrett|"
            "Clay|Hunter|Bryce|Samuel"
        ),
        surnames=_words(
            "Smith|Johnson|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|Martin|Thompson|"
            "White|Harris|Clark|Lewis|Walker|Hall|Allen|Young|King|Wright|Baker|Nelson|Carter|"
            "O'Brien|O'Connor|O'Neal|McAllister|MacDonald|McKinney|Fitzgerald|Sullivan|Kelly|"
            "Schulze|Müller|Weiß|Vogel|Dvořák|Novák|Kovář|Smith-Jones|Barker-Hale|St. John"
        ),
        female_middles=_words("Anne|Lynn|Marie|Rose|Grace|Jane"),
        male_middles=_words("Lee|Wayne|Ray|Allen|James|Dean"),
        hyphenated_share=0.03,
        preferred_share=0.10,
    ),
    NameGroup(
        key="black",
        weight=12,
        female=_words(
            "Keisha|Imani|Aaliyah|Latoya|Ebony|Shaniqua|Tanisha|Jasmine|Destiny|Nia|Ayana|"
            "Kiara|Deja|Tamika|Monique|Patrice|Brianna|Danielle|Alicia|Gloria"
        ),
        male=_words(
            "DeShawn|Jamal|Tyrone|Darnell|Marcus|Malik|Terrell|Andre|DeAndre|Jalen|Rashad|"
            "Cedric|Reginald|Darius|Quentin|Isaiah|Jermaine|Lamar|Terrence|Kendrick"
        ),
        surnames=_words(
            "Washington|Jefferson|Jackson|Robinson|Johnson|Williams|Brown|Booker|Freeman|"
            "Banks|Mosley|Gaines|Battle|Pryor|Dorsey|Coleman|Simmons|Holloway|Whitfield|"
            "Cooper|Greene|Franklin|Bell|Ellis|Woods|Hawkins"
        ),
        female_middles=_words("Denise|Renee|Nicole|Marie|Monet"),
        male_middles=_words("Lamont|Jerome|Andre|Lee|Xavier"),
        hyphenated_share=0.03,
        preferred_share=0.05,
    ),
    NameGroup(
        key="vietnamese",
        weight=4,
        female=_words(
            "Hằng|Lan|Linh|Phương|Thảo|Hương|Ngọc|Trang|Mai|Thúy|Hạnh|Yến|Nhung|Loan|Vy|Quỳnh|Diễm|Uyên"
        ),
        male=_words("Minh|Dũng|Tuấn|Huy|Khoa|Long|Hùng|Quang|Phúc|Thắng|Bảo|Đức|Nam|Tài|Trí|Vinh|Hiếu|Khánh"),
        surnames=_words("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương"),
        other_language=Language.VIETNAMESE,
        other_language_share=0.40,
        female_middles=_words("Thị|Thị|Thị|Ngọc|Thu|Kim"),
        male_middles=_words("Văn|Văn|Văn|Minh|Hữu|Quốc"),
        preferred_share=0.25,
    ),
    NameGroup(
        key="indian",
        weight=4,
        female=_words(
            "Priya|Ananya|Lakshmi|Deepa|Kavya|Anjali|Meera|Shreya|Pooja|Divya|Sunita|Neha|Aishwarya|Radhika"
        ),
        male=_words(
            "Rohan|Arjun|Vikram|Rahul|Sanjay|Aditya|Karthik|Rajesh|Anil|Suresh|Vivek|Nikhil|Pranav|Harish"
        ),
        surnames=_words(
            "Patel|Shah|Reddy|Iyer|Krishnan|Gupta|Desai|Mehta|Rao|Nair|Agarwal|Chaudhary|"
            "Venkataraman|Subramanian|Bhattacharya|Singh|Kaur|Joshi"
        ),
        other_language=Language.HINDI,
        other_language_share=0.05,
        preferred_share=0.08,
    ),
    NameGroup(
        key="chinese",
        weight=3,
        female=_words("Mei|Xiaoling|Yan|Li Na|Jing|Hui|Xin|Ying|Fang|Lei|Qian|Ming"),
        male=_words("Wei|Jian|Jun|Hao|Zhiwei|Tao|Bo|Chen|Yong|Feng|Kai|Hong"),
        surnames=_words("Wang|Li|Zhang|Chen|Liu|Huang|Lin|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo"),
        other_language=Language.CHINESE,
        other_language_share=0.30,
        preferred_share=0.30,
    ),
    NameGroup(
        key="filipino",
        weight=2,
        female=_words("Maricel|Rowena|Jocelyn|Analyn|Cristina|Lourdes|Rosalinda|Joy|Liza"),
        male=_words("Rodel|Jomar|Ramil|Arnel|Rogelio|Danilo|Renato|Jun|Eduardo"),
        surnames=_words(
            "Santos|Reyes|dela Cruz|Bautista|Garcia|Mendoza|Villanueva|Ramos|Aquino|Castro|"
            "Manalo|Dizon|Pascual|Macaraeg"
        ),
        other_language=Language.TAGALOG,
        other_language_share=0.10,
        preferred_share=0.15,
    ),
    NameGroup(
        key="arabic",
        weight=2,
        female=_words("Fatima|Layla|Amira|Noor|Yasmin|Mariam|Huda|Salma|Rania|Aisha"),
        male=_words("Omar|Yusuf|Khaled|Ahmed|Mohammed|Tariq|Samir|Karim|Hassan|Ibrahim"),
        surnames=_words(
            "Haddad|Khalil|Nasser|Al-Sayed|El-Amin|Abdullah|Hussein|Mansour|Al-Rashid|"
            "Saleh|Darwish|Abu-Ghazaleh|Farouk"
        ),
        other_language=Language.ARABIC,
        other_language_share=0.20,
        preferred_share=0.05,
    ),
    NameGroup(
        key="korean",
        weight=1.5,
        female=_words("Ji-woo|Seo-yeon|Min-ji|Eun-ji|Hye-jin|Soo-ah|Yuna"),
        male=_words("Min-jun|Ji-hoon|Sung-min|Dong-hyun|Jae-won|Hyun-woo|Joon"),
        surnames=_words("Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim"),
        other_language=Language.KOREAN,
        other_language_share=0.30,
        preferred_share=0.30,
    ),
    NameGroup(
        key="west_african",
        weight=1.5,
        female=_words("Ngozi|Adaeze|Chiamaka|Folasade|Oluwaseun|Abena|Ama|Efua|Titilayo"),
        male=_words("Chinedu|Emeka|Oluwaseun|Babatunde|Kwame|Kofi|Obinna|Adebayo|Ikenna"),
        surnames=_words("Okafor|Adeyemi|Okonkwo|Nwosu|Eze|Adebayo|Mensah|Owusu|Oyelaran|Obi|Asante|Ogunleye"),
        preferred_share=0.10,
    ),
)

PREFERRED_NAMES_FEMALE = _words("Lupe|Lucy|Kathy|Beth|Annie|Helen|Vicky|Jenny|Lily|Mimi|Tina|Nancy")
PREFERRED_NAMES_MALE = _words("Pepe|Chuy|Bill|Bobby|Mike|Tony|Danny|Kevin|Jimmy|Sam|Tom|Eddie")


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state: str
    zip_list: str  # "78701|78704"
    area_code_list: str  # "512|737"
    weight: float

    @property
    def zips(self) -> tuple[str, ...]:
        return _words(self.zip_list)

    @property
    def area_codes(self) -> tuple[str, ...]:
        return _words(self.area_code_list)


PLACES: tuple[Place, ...] = (
    Place("Houston", "TX", "77002|77004|77006|77019|77036|77057|77081", "713|281|832|346", 22),
    Place("San Antonio", "TX", "78201|78207|78209|78216|78228|78245", "210|726", 14),
    Place("Dallas", "TX", "75201|75204|75214|75228|75243", "214|469|972|945", 12),
    Place("Austin", "TX", "78701|78704|78723|78745|78751|78758", "512|737", 10),
    Place("Fort Worth", "TX", "76102|76104|76109|76116|76137", "817|682", 7),
    Place("El Paso", "TX", "79901|79903|79912|79925|79936", "915", 6),
    Place("Arlington", "TX", "76010|76013|76017", "817|682", 3),
    Place("Corpus Christi", "TX", "78401|78404|78411|78412", "361", 3),
    Place("Plano", "TX", "75023|75024|75074|75093", "469|972", 3),
    Place("Laredo", "TX", "78040|78041|78045", "956", 2),
    Place("Lubbock", "TX", "79401|79407|79416|79424", "806", 2),
    Place("Irving", "TX", "75038|75039|75061", "972|469", 2),
    Place("Garland", "TX", "75040|75041|75043", "972|469", 2),
    Place("Frisco", "TX", "75033|75034|75035", "469|972", 2),
    Place("McKinney", "TX", "75069|75070|75071", "469|972", 1.5),
    Place("Amarillo", "TX", "79101|79106|79109", "806", 1.5),
    Place("Brownsville", "TX", "78520|78521|78526", "956", 1.5),
    Place("McAllen", "TX", "78501|78503|78504", "956", 1.5),
    Place("Killeen", "TX", "76541|76542|76549", "254", 1),
    Place("Pasadena", "TX", "77502|77504|77505", "713|281", 1),
    Place("Midland", "TX", "79701|79705|79707", "432", 1),
    Place("Odessa", "TX", "79761|79762|79765", "432", 1),
    Place("Denton", "TX", "76201|76205|76210", "940", 1),
    Place("Waco", "TX", "76701|76706|76710", "254", 1),
    Place("Round Rock", "TX", "78664|78665|78681", "512|737", 1),
    Place("Sugar Land", "TX", "77478|77479", "281|832", 1),
    Place("Tyler", "TX", "75701|75703", "903|430", 1),
    Place("Beaumont", "TX", "77701|77706", "409", 1),
    Place("College Station", "TX", "77840|77845", "979", 1),
    Place("San Marcos", "TX", "78666", "512|737", 0.7),
    Place("Harlingen", "TX", "78550|78552", "956", 0.7),
    Place("Nacogdoches", "TX", "75961|75965", "936", 0.5),
    Place("Kerrville", "TX", "78028", "830", 0.5),
    Place("Fredericksburg", "TX", "78624", "830", 0.4),
    Place("New Braunfels", "TX", "78130|78132", "830", 0.8),
    Place("Abilene", "TX", "79601|79605", "325", 0.8),
    Place("San Angelo", "TX", "76901|76904", "325", 0.6),
    Place("Wichita Falls", "TX", "76301|76308", "940", 0.6),
    Place("Alpine", "TX", "79830", "432", 0.1),
    Place("Marfa", "TX", "79843", "432", 0.05),
)

# Patients who live across a state line: the chart warns that the visit must happen in Texas.
OUT_OF_STATE_PLACES: tuple[Place, ...] = (
    Place("Shreveport", "LA", "71101|71105", "318", 1),
    Place("Albuquerque", "NM", "87102|87110", "505", 1),
    Place("Las Cruces", "NM", "88001|88011", "575", 1),
    Place("Oklahoma City", "OK", "73102|73118", "405", 1),
    Place("Little Rock", "AR", "72201|72205", "501", 0.6),
)
OUT_OF_STATE_SHARE = 0.02

STREET_NAMES = _words(
    "Main|Congress|Guadalupe|Lamar|Magnolia|Pecan|Live Oak|Bluebonnet|Mesquite|Cedar|"
    "Elm|Travis|Houston|Austin|Bowie|Crockett|San Jacinto|Alamo|Rio Grande|Brazos|"
    "Colorado|Trinity|Sabine|Pedernales|Calle del Sol|Camino Real|Avenida Juárez|"
    "Martin Luther King Jr|César Chávez|Bellaire|Westheimer|Kirby|Lone Star|Hill Country|"
    "Post Oak|Prairie|Cypress Creek|Sunset|Spring Branch|Wurzbach|Pleasant Valley"
)
STREET_SUFFIXES = _words("St|Ave|Blvd|Dr|Ln|Rd|Way|Ct|Pkwy|Trl")
UNIT_FORMATS = _words("Apt {n}|Unit {n}|Apt {n}B|# {n}|Ste {n}")

EMAIL_DOMAINS = _words("example.com|example.net|example.org")

RELATIONSHIPS_FEMALE = _words("Spouse|Wife|Daughter|Mother|Sister|Partner|Friend|Niece|Aunt")
RELATIONSHIPS_MALE = _words("Spouse|Husband|Son|Father|Brother|Partner|Friend|Nephew|Uncle")

# Free-text conditions beside the pick-list (label, ICD-10-CM code).
OTHER_CONDITIONS: tuple[tuple[str, str], ...] = (
    ("Migraine", "G43.909"),
    ("Interstitial cystitis", "N30.10"),
    ("Endometriosis", "N80.9"),
    ("Small fiber neuropathy", "G60.8"),
    ("Mast cell activation syndrome", "D89.40"),
    ("Postural orthostatic tachycardia syndrome (POTS)", "G90.A"),
    ("Irritable bowel syndrome", "K58.9"),
    ("Ehlers-Danlos syndrome", "Q79.60"),
)

# Weights for the pick-list by label; conditions not named here weigh 1.
CONDITION_WEIGHTS: dict[str, float] = {
    "Fibromyalgia": 14,
    "Long COVID (post COVID-19 condition)": 8,
    "Multiple sclerosis": 6,
    "Hashimoto's thyroiditis": 7,
    "Chronic pain syndrome": 6,
    "Other chronic pain": 5,
    "Crohn's disease": 5,
    "Ulcerative colitis": 3,
    "Chronic fatigue syndrome (ME/CFS)": 6,
    "Complex regional pain syndrome (CRPS)": 3,
    "Rheumatoid arthritis": 3,
    "Depression": 4,
    "Anxiety": 4,
    "Systemic lupus erythematosus": 2,
}

ALLERGIES: tuple[tuple[str, str], ...] = (
    ("Penicillin", "hives"),
    ("Amoxicillin", "rash"),
    ("Sulfa drugs", "rash"),
    ("Codeine", "nausea and vomiting"),
    ("Morphine", "itching"),
    ("Aspirin", "wheezing"),
    ("Ibuprofen", "stomach upset"),
    ("Latex", "contact dermatitis"),
    ("Shellfish", "throat swelling"),
    ("Peanuts", "anaphylaxis"),
    ("Cephalexin", "hives"),
    ("Erythromycin", ""),
    ("Iodinated contrast", "flushing"),
    ("Adhesive tape", "skin irritation"),
    ("Gabapentin", "dizziness"),
)

MEDICATIONS: tuple[tuple[str, str], ...] = (
    ("Levothyroxine", "50 mcg daily"),
    ("Levothyroxine", "88 mcg daily"),
    ("Metformin", "500 mg twice daily"),
    ("Lisinopril", "10 mg daily"),
    ("Sertraline", "50 mg daily"),
    ("Escitalopram", "10 mg daily"),
    ("Duloxetine", "60 mg daily"),
    ("Gabapentin", "300 mg three times daily"),
    ("Pregabalin", "75 mg twice daily"),
    ("Cyclobenzaprine", "10 mg at bedtime"),
    ("Vitamin D3", "2000 IU daily"),
    ("Magnesium glycinate", "400 mg at bedtime"),
    ("Omeprazole", "20 mg daily"),
    ("Atorvastatin", "20 mg daily"),
    ("Amlodipine", "5 mg daily"),
    ("Hydroxychloroquine", "200 mg twice daily"),
    ("Mesalamine", "1.2 g twice daily"),
    ("Ocrelizumab", "600 mg IV every 6 months"),
    ("Propranolol", "10 mg as needed"),
    ("Melatonin", "3 mg at bedtime"),
    ("Fish oil", "1000 mg daily"),
    ("Cetirizine", "10 mg daily"),
    ("Famotidine", "20 mg twice daily"),
    ("Bupropion XL", "150 mg daily"),
)

# Opioids (and kratom) as patients' lists name them; the chart shows a red badge.
OPIOID_MEDICATIONS: tuple[tuple[str, str], ...] = (
    ("Tramadol", "50 mg every 6 hours as needed"),
    ("Norco", "5/325 mg as needed"),
    ("Hydrocodone-acetaminophen", "10/325 mg"),
    ("Percocet", "5/325 mg"),
    ("Oxycodone", "5 mg as needed"),
    ("Tylenol #3", "1 tablet as needed"),
    ("Suboxone", "8/2 mg film daily"),
    ("Butrans patch", "10 mcg/hour weekly"),
    ("Methadone", "10 mg daily"),
    ("Kratom", "capsules, amount unknown"),
    ("Promethazine with codeine", "5 mL at bedtime"),
    ("Tapentadol", "50 mg as needed"),
)
OPIOID_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class DemoPharmacy:
    name: str
    street: str
    city: str
    zip: str
    area_code: str


PHARMACIES: tuple[DemoPharmacy, ...] = (
    DemoPharmacy("Bluebonnet Compounding Pharmacy", "2100 S Lamar Blvd", "Austin", "78704", "512"),
    DemoPharmacy("Lone Star Compounding", "4500 Bissonnet St", "Houston", "77005", "713"),
    DemoPharmacy("Alamo Apothecary", "1200 McCullough Ave", "San Antonio", "78212", "210"),
    DemoPharmacy("Trinity Compounding Pharmacy", "3800 Oak Lawn Ave", "Dallas", "75219", "214"),
    DemoPharmacy("Gulf Coast Compounding", "5800 Saratoga Blvd", "Corpus Christi", "78414", "361"),
    DemoPharmacy("Franklin Mountain Pharmacy", "6000 N Mesa St", "El Paso", "79912", "915"),
)
