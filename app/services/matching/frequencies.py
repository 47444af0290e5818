"""Name frequency tables for the term-frequency (TF) adjustment of the matcher.

A Fellegi-Sunter agreement weight is ``log2(m / u)`` where ``u`` is the chance that two *different*
people agree on the field. For names ``u`` depends heavily on the value: two strangers share
"Garcia" far more often than "Okonkwo". These tables give that chance per name.

Surnames: the top 100 are per-100,000 frequencies from the US Census 2010 surname file (as recalled
by the author, so approximate); ranks 101-998 are listed in approximate Census 2010 rank order and
their frequency comes from a power law fitted through rank 100 (77.9 per 100k) and rank 1000
(about 9.8 per 100k), which tracks the published list within a few tens of percent. Names with a
high Hispanic share are scaled by :data:`CA_HISPANIC_FACTOR` because California's community
colleges serve a population about three times as Hispanic as the nation; without it a "Garcia"
agreement would weigh about two bits more than it should. Common East and Southeast Asian
surnames (Nguyen, Tran, Chen, Kim, ...) are scaled by :data:`CA_ASIAN_FACTOR` for the same
reason.

First names: hand-written approximate shares for California adults born 1950-2008 (both sexes
pooled). They only need to be right to within a factor of two or so: an error of 2x moves a
weight by one bit, and the band thresholds leave more margin than that.

Names absent from a table get a default (rare-name) frequency; weights are additionally capped so
a single unusual spelling can never dominate a decision.
"""

from __future__ import annotations

from typing import Final

CA_HISPANIC_FACTOR: Final = 2.5
"""Scale applied to the national frequency of predominantly Hispanic surnames."""

CA_ASIAN_FACTOR: Final = 3.0
"""Scale applied to common Vietnamese, Chinese, Korean and Filipino surnames, likewise."""

DEFAULT_SURNAME_FREQ: Final = 3.0e-5
"""A surname not in the top ~1000 (all of which are at least ~1e-4)."""

DEFAULT_FIRST_NAME_FREQ: Final = 5.0e-4
"""A given name not in the table below (the table covers names of roughly >= 0.1%)."""

_SURNAME_TOP_100: Final = """
smith 828.19
johnson 655.24
williams 550.97
brown 487.16
jones 483.24
garcia 395.32
miller 393.73
davis 378.45
rodriguez 371.19
martinez 359.40
hernandez 353.68
lopez 296.47
gonzalez 285.11
wilson 271.84
anderson 265.92
thomas 256.34
taylor 254.67
moore 245.57
jackson 240.05
martin 238.20
lee 234.94
perez 231.08
thompson 225.32
white 223.91
harris 211.63
sanchez 207.73
clark 190.75
ramirez 188.97
lewis 180.28
robinson 179.61
walker 177.35
young 164.23
allen 163.61
king 157.78
wright 155.60
scott 149.00
torres 148.42
nguyen 148.37
hill 147.41
flores 147.12
green 145.83
adams 145.05
nelson 144.06
baker 142.24
hall 138.00
rivera 132.59
campbell 130.91
mitchell 130.34
carter 127.79
roberts 124.88
gomez 123.96
phillips 122.31
evans 120.55
turner 118.19
diaz 117.85
parker 113.98
cruz 113.30
edwards 112.69
collins 111.79
reyes 111.16
stewart 110.16
morris 108.10
morales 105.69
murphy 104.55
cook 102.58
rogers 102.47
gutierrez 99.40
ortiz 97.26
morgan 97.05
cooper 95.19
peterson 94.34
bailey 94.19
reed 93.91
kelly 90.65
howard 89.78
ramos 89.31
kim 88.94
cox 88.56
ward 88.30
richardson 88.07
watson 85.63
brooks 85.31
chavez 85.06
wood 84.99
james 84.54
bennett 82.99
gray 82.98
mendoza 82.69
ruiz 82.57
hughes 82.27
price 81.64
alvarez 81.40
castillo 80.31
sanders 80.31
patel 79.63
myers 78.96
long 78.47
ross 78.20
foster 78.13
jimenez 77.93
"""

_SURNAME_RANK_101_ON: Final = """
powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher
vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace
moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford
castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry
chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva
shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone
salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver
ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos
hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley andrews
alvarado ray delgado berry perkins hoffman johnston matthews pena richards contreras willis
carpenter lawrence sandoval guerrero george chapman rios estrada ortega watkins greene nunez
wheeler valdez harper burke larson santiago maldonado morrison franklin carlson austin dominguez
carr lawson jacobs obrien lynch singh vega bishop montgomery oliver jensen harvey williamson
gilbert dean sims espinoza howell li wong reid hanson le mccoy garrett burton fuller wang weber
welch rojas lucas marquez fields park yang little banks padilla day walsh bowman schultz luna
fowler mejia davidson acosta brewer may holland juarez newman pearson curtis cortez douglas
schneider joseph barrett navarro figueroa keller avila wade molina stanley hopkins campos
barnett bates chambers caldwell beck lambert miranda byrd craig ayala lowe frazier powers neal
leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran
walters cohen mcdaniel moran parks steele vaughn becker holt deleon barker terry hale leon
benson haynes horton miles lyons pham graves bush thornton wolfe warner cabrera mckinney mann
zimmerman dawson lara fletcher page mccarthy love robles cervantes solis erickson reeves chang
klein salinas fuentes baldwin daniel simon velasquez hardy higgins aguirre lin cummings chandler
sharp barber bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnor cardenas
pacheco cross calderon quinn moss swanson chan rivas khan rodgers serrano fitzgerald rosales
stevenson christensen manning gill curry mclaughlin harmon mcgee gross doyle garner newton
burgess reese walton blake trujillo adkins brady goodman roman webster goodwin fischer huang
potter delacruz montoya todd wu hines mullins castaneda malone cannon tate mack sherman hubbard
hodges zhang guerra wolf valencia saunders franco rowe gallagher farmer hammond hampton townsend
ingram wise gallegos clarke barton schroeder maxwell waters logan camacho strickland norman
person colon parsons frank harrington glover osborne buchanan casey floyd patton ibarra ball
tyler suarez bowers orozco salas cobb gibbs andrade bauer conner moody escobar mcguire lloyd
mueller hartman french kramer mcbride pope lindsey velazquez norton mccormick sparks flynn yates
hogan marsh macias villanueva zamora pratt stokes owen ballard lang brock villarreal charles
drake barrera cain patrick pineda burnett mercado santana shepherd bautista ali shaffer lamb
trevino mckenzie hess olsen cochran morton nash wilkins petersen briggs shah roth nicholson
holloway lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss underwood
bass greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey
wilcox melendez poole roberson larsen conley davenport copeland massey lam huff rocha cameron
jefferson hood monroe anthony pittman huynh randall singleton kirk combs mathis christian
skinner bradford richard galvan wall boone kirby wilkinson bridges bruce atkinson velez meza roy
vincent york hodge villa abbott allison tapia gates chase sosa sweeney farrell wyatt dalton horn
barron phelps yu dickerson heath foley atkins mathews bonilla acevedo benitez zavala hensley
glenn cisneros harrell shields rubio huffman choi boyer garrison arroyo bond kane hancock
callahan dillon cline wiggins grimes arellano melton oneill savage ho beltran pitts parrish
ponce rich booth koch golden ware brennan mcdowell marks cantu humphrey baxter sawyer clay
tanner hutchinson kaur berg wiley gilmore russo villegas hobbs keith wilkerson ahmed beard
mcclain montes mata rosario vang walter henson oneal mosley mcclure beasley stephenson snow
huerta preston vance barry johns eaton blackwell dyer prince macdonald solomon guevara stafford
english hurst woodard cortes shannon kemp nolan mccullough merritt murillo moon salgado strong
kline cordova barajas roach rosas winters jacobson lester knox bullock kerr leach meadows orr
davila whitehead pruitt kent conway mckee barr david dejesus marin berger mcintyre blankenship
gaines palacios cuevas bartlett durham dorsey mccall odonnell stein browning stout lowery sloan
mclean hendricks calhoun sexton chung gentry hull duarte ellison nielsen gillespie buck
middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston frost glass morse
knapp herman stark bravo noble spears weeks corona frederick buckley mcfarland hebert enriquez
hickman quintero randolph schaefer walls trejo house reilly pennington michael conrad giles
benjamin crosby fitzpatrick donovan mays mahoney valentine raymond medrano hahn mcmillan small
bentley felix peck lucero boyle hanna pace rush hurley harding mcconnell bernal nava ayers
everett ventura avery pugh mayer bender shepard mcmahon landry case sampson moses magana
blackburn dunlap gould duffy vaughan herring mckay espinosa rivers farley bernard ashley
friedman potts truong costa correa blevins nixon clements fry delarosa best benton lugo portillo
dougherty crane haley phan villalobos blanchard horne finley quintana lynn esquivel bean dodson
mullen xiong hayden cano levy huber richmond moyer lim frye sheppard mccarty avalos booker
waller parra woodward jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner
maynard galindo coffey estes sanford burch maddox vo oconnell vu andersen spence mcpherson
church schmitt stanton leal cherry compton dudley sierra pollard alfaro hester proctor lu hinton
novak good madden mccann terrell jarvis dickson reyna cantrell mayo branch hendrix rollins
rowland whitney duke odom daugherty travis tang archer
"""

HISPANIC_SURNAMES: Final = frozenset(
    str.split("""
garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez torres flores rivera
gomez diaz cruz reyes morales gutierrez ortiz ramos chavez mendoza ruiz alvarez castillo jimenez
gonzales vasquez romero moreno herrera medina aguilar castro fernandez vargas guzman mendez
silva salazar munoz garza soto vazquez alvarado delgado pena contreras sandoval guerrero rios
estrada ortega nunez valdez santiago maldonado dominguez vega espinoza rojas marquez padilla
luna mejia acosta juarez cortez navarro figueroa avila molina campos miranda ayala carrillo
duran deleon leon cabrera lara robles cervantes solis salinas fuentes velasquez aguirre ochoa
cardenas pacheco calderon rivas serrano rosales trujillo delacruz montoya castaneda guerra
valencia franco gallegos camacho colon ibarra suarez orozco salas andrade escobar velazquez
macias villanueva zamora villarreal barrera pineda mercado santana bautista trevino lozano
rangel arias mora valenzuela zuniga melendez rocha galvan velez meza villa tapia sosa acevedo
bonilla benitez zavala cisneros rubio arroyo arellano beltran ponce cantu villegas montes mata
rosario huerta guevara cortes murillo salgado cordova barajas rosas davila dejesus marin
palacios cuevas duarte esparza bravo corona enriquez quintero trejo medrano lucero bernal nava
ventura magana espinosa correa delarosa lugo portillo villalobos quintana esquivel cano avalos
parra jaramillo peralta galindo leal sierra alfaro reyna santos
""")
)

ASIAN_SURNAMES: Final = frozenset(
    str.split("""
nguyen tran le pham huynh phan vu vo ho truong chen wang li zhang liu yang huang wu lin chan wong
lam kim park choi chang chung lu tang yu xiong vang lim lee
""")
)

# Per 100,000 people (both sexes pooled), approximate, California adults born 1950-2008.
_FIRST_NAMES: Final = """
michael 1100 maria 1100 jose 1000 daniel 950 david 900 christopher 850 james 700 john 650
anthony 650 jessica 650 robert 600 joshua 600 matthew 600 juan 600 jennifer 600 carlos 550
luis 550 joseph 550 ashley 550 stephanie 550 andrew 500 kevin 500 jonathan 500 william 500
elizabeth 500 jesus 450 michelle 450 sarah 450 brian 400 ryan 400 brandon 400 miguel 400
christian 400 alexander 350 vanessa 400 andrea 400 samantha 400 emily 400 steven 350 eric 350
jason 350 justin 350 angel 350 francisco 350 nicholas 350 daniela 350 amanda 350 melissa 350
nicole 350 kimberly 350 richard 300 adrian 300 alejandro 300 jorge 300 victor 300 jacob 300
thomas 300 gabriel 300 alejandra 300 karen 300 brittany 300 diana 300 jasmine 300 guadalupe 300
ana 300 diego 250 oscar 250 eduardo 250 ricardo 250 manuel 250 tyler 250 aaron 250 mark 250
samuel 250 javier 250 antonio 250 nathan 250 lauren 250 rachel 250 megan 250 laura 250
adriana 250 leslie 250 natalie 250 victoria 250 alexis 250 monica 250 veronica 250 patricia 250
gabriela 250 brenda 250 christina 250 mary 250 mario 200 charles 200 jeffrey 200 timothy 200
benjamin 200 isaac 200 ivan 200 cesar 200 fernando 200 sergio 200 edgar 200 kyle 200 sean 200
jordan 200 bryan 200 angelica 200 erica 200 sandra 200 cynthia 200 crystal 200 alexandra 200
anna 200 hannah 200 katherine 200 angela 200 jacqueline 200 paul 200 kenneth 150 scott 150
raul 150 pedro 150 rafael 150 hector 150 omar 150 erik 150 austin 150 vincent 150 patrick 150
ethan 150 isaiah 150 alex 150 marco 150 martin 150 ruben 150 gerardo 150 alan 150 jesse 150
joel 150 adam 150 edward 150 yesenia 150 esmeralda 150 karina 150 claudia 150 ariana 150
destiny 150 catherine 150 linda 150 lisa 150 amy 150 heather 150 tiffany 150 rebecca 150
kelly 150 danielle 150 rosa 150 cristina 150 valeria 150 roberto 150 alberto 100 arturo 100
enrique 100 armando 100 alfredo 100 salvador 100 guillermo 100 rodrigo 100 emmanuel 100 andres 100
julio 100 jaime 100 abraham 100 cody 100 travis 100 dustin 100 derek 100 gregory 100 jeremy 100
peter 100 george 100 frank 100 raymond 100 henry 100 jack 100 elijah 100 noah 100 aidan 100
kathryn 100 susan 100 erin 100 julia 100 isabel 100 marisol 100 araceli 100 sofia 100 paola 100
vivian 100 carmen 100 teresa 100 silvia 100 elena 100 martha 100 lucia 100 irene 100 sara 100
jenny 100 tanya 100 melanie 100 olivia 100 emma 100 isabella 100 sophia 100 abigail 100
madison 100 kayla 100 taylor 100 morgan 100 chelsea 100 amber 100 courtney 100 priscilla 100
marina 100 lorena 100 mayra 100 liliana 100 alma 100 blanca 100 norma 100 leticia 100
margarita 100 elizabet 50 juana 80 francisca 60 josefina 60 ramon 100 felipe 100 ignacio 60
alfonso 80 gustavo 100 rogelio 60 ernesto 80 tony 80 nancy 200 barbara 100
margaret 100 dorothy 50 helen 80 betty 50 deborah 80 debra 80 donna 80 carol 80 ruth 50
sharon 80 cheryl 60 denise 100 tina 80 wendy 80 dana 80 stacy 80 tracy 80 april 80 monique 80
kristen 80 kristina 80 katie 80 kathleen 80 diane 80 janet 80 joyce 50 judy 60 julie 100
christine 100 jamie 100 kim 80 vicky 50 wei 50 minh 60 tuan 50 linh 60 thanh 60 hoa 40 mai 60
jun 50 yan 40 ming 40 hui 40 li 50 jin 50 hung 40 duc 40 long 40 kenny 60 vinh 40 phuong 50
ngoc 40 thuy 40 hanh 40 huy 50 khanh 50 tam 40 mohammed 60 muhammad 60 ali 60 ahmad 40
bob 30 bill 30 will 60 mike 60 chris 100 jim 30 joe 60 tom 40 dan 40 dave 30 steve 50 matt 50
nick 50 andy 40 ben 40 sam 50 max 50 ray 40 pat 30 liz 30 beth 30 kate 50 jen 30 sue 20 pam 30
"""


_REST_TOP: Final = 77.93  # rank 100 (Jimenez), per 100k
_REST_EXPONENT: Final = 0.9  # ~9.8 per 100k at rank 1000, matching the Census list's tail


def _build_surnames() -> dict[str, float]:
    freqs: dict[str, float] = {}
    for line in _SURNAME_TOP_100.split("\n"):
        if line.strip():
            name, per_100k = line.split()
            freqs[name] = float(per_100k) / 100_000
    for offset, name in enumerate(_SURNAME_RANK_101_ON.split()):
        rank = 101 + offset
        freqs[name] = _REST_TOP * (rank / 100) ** -_REST_EXPONENT / 100_000
    for name in HISPANIC_SURNAMES:
        if name in freqs:
            freqs[name] *= CA_HISPANIC_FACTOR
    for name in ASIAN_SURNAMES:
        if name in freqs:
            freqs[name] *= CA_ASIAN_FACTOR
    return freqs


def _build_first_names() -> dict[str, float]:
    tokens = _FIRST_NAMES.split()
    return {tokens[i]: float(tokens[i + 1]) / 100_000 for i in range(0, len(tokens), 2)}


SURNAME_FREQ: Final[dict[str, float]] = _build_surnames()
"""Folded surname (see ``normalize.fold``) -> share of the population carrying it."""

FIRST_NAME_FREQ: Final[dict[str, float]] = _build_first_names()
"""Folded given name -> share of the population carrying it."""


def surname_freq(name: str) -> float:
    """Population share of the folded surname ``name`` (a rare-name default when unknown)."""
    return SURNAME_FREQ.get(name, DEFAULT_SURNAME_FREQ)


def first_name_freq(name: str) -> float:
    """Population share of the folded given name ``name`` (a default when unknown)."""
    return FIRST_NAME_FREQ.get(name, DEFAULT_FIRST_NAME_FREQ)
