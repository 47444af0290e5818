"""Name tables of generator B, written for it from general knowledge of US naming (SSA
given-name popularity by decade, Census surname frequencies), not copied from any table of the
repository. Every list is in rough order of popularity within its group; ``people.py`` turns the
order into Zipf-like weights, and adds a made-up long tail of rarer names so the common names are
not over-represented.

Groups (``GROUPS``) and their shares of California community-college students, roughly:
Hispanic 0.46, white 0.24, Black 0.06, Vietnamese 0.04, Chinese 0.04, Filipino 0.045,
Korean 0.015, Indian 0.025, Armenian 0.015, Middle-Eastern 0.025.
Eras: "old" born before 1980, "mid" 1980-1994, "young" 1995 and later.
"""

from __future__ import annotations

GROUPS: dict[str, float] = {
    "hispanic": 0.46,
    "white": 0.24,
    "black": 0.06,
    "vietnamese": 0.04,
    "chinese": 0.04,
    "filipino": 0.045,
    "korean": 0.015,
    "indian": 0.025,
    "armenian": 0.015,
    "mideast": 0.025,
}


def _w(text: str) -> list[str]:
    return text.split()


def _c(text: str) -> list[str]:
    """Comma-separated entries (names with spaces, e.g. "De La Cruz")."""
    return [t.strip() for t in text.split(",") if t.strip()]


# --- given names, English-language (used by every group in some share) ----------------------

ENGLISH_MALE = {
    "old": _w(
        "Michael David John James Robert Christopher William Mark Richard Brian Jason Joseph"
        " Thomas Steven Jeffrey Kevin Scott Timothy Daniel Paul Eric Anthony Kenneth Gregory"
        " Charles Matthew Ronald Donald Todd Stephen Edward Patrick Gary Sean Shawn Keith Troy"
        " Chad Larry Dennis Douglas Craig Randy Jerry Frank Raymond Peter Andrew Aaron Joel"
        " Derek Travis Bryan Darren Rodney Curtis Phillip Shane Bradley Russell Terry Gerald"
        " Marcus Lance Brett Wayne Roger Jon Carl Tony Vincent Jeremy Samuel Benjamin Alan"
        " Jonathan Walter Lawrence Frederick Theodore Nathan Philip Dale Glenn Bruce Howard"
    ),
    "mid": _w(
        "Michael Christopher Matthew Joshua David Daniel Andrew James Justin Joseph Ryan John"
        " Robert Nicholas Anthony William Jonathan Kyle Brandon Jacob Tyler Zachary Kevin Eric"
        " Steven Thomas Brian Alexander Jordan Timothy Cody Adam Benjamin Aaron Richard Patrick"
        " Sean Charles Stephen Jeremy Travis Jeffrey Nathan Samuel Mark Jason Jesse Paul Dustin"
        " Gregory Kenneth Scott Derek Austin Corey Bryan Jared Trevor Marcus Dylan Evan Ian"
        " Cameron Garrett Chad Shane Derrick Vincent Taylor Spencer Blake Mitchell Casey Chase"
        " Edward Peter Raymond Lucas Nathaniel Philip Erik Devin Colin Bradley Dominic Maxwell"
    ),
    "young": _w(
        "Jacob Michael Ethan Joshua Daniel Matthew Anthony Andrew Christopher Alexander Nathan"
        " David Ryan Tyler Noah William Jayden Joseph Logan James Jonathan Aiden Dylan Benjamin"
        " Elijah Gabriel Christian Nicholas Samuel Brandon Isaac Kevin Justin Adrian Evan Julian"
        " Aaron Isaiah Caleb Luke Jack Jordan Mason Liam Lucas Owen Gavin Austin Connor Cameron"
        " Hunter Jason Sebastian Xavier Ian Brian Kyle Sean Eric Carter Landon Wyatt Cole Chase"
        " Hayden Tristan Dominic Bryce Josiah Zachary Thomas Eli Nolan Giovanni Miles Jeremiah"
        " Jaden Colin Damian Marcus Derek Trevor Blake Maxwell Elias Ezekiel Asher Kai Leo"
        " Robert Richard Vincent Edward Theodore Timothy Patrick Steven Charles Mitchell"
    ),
}

ENGLISH_FEMALE = {
    "old": _w(
        "Jennifer Lisa Kimberly Michelle Amy Angela Melissa Tammy Mary Julie Laura Christine"
        " Karen Susan Patricia Elizabeth Stephanie Heather Kelly Dawn Tracy Nicole Denise"
        " Rebecca Deborah Tina Cynthia Sandra Pamela Donna Teresa Lori Shannon Wendy Stacy"
        " Jessica Rachel Kristen Amanda Sarah Christina Andrea Tiffany Erin Monica Dana Theresa"
        " Carrie Cheryl Brenda Rhonda Sharon Linda Diane Catherine Kathleen Barbara Tanya Renee"
        " Jacqueline Holly April Robin Valerie Anne Colleen Sheila Yvonne Suzanne Gina Carol"
        " Margaret Katherine Deanna Victoria Cindy Jill Natalie Samantha Alexandra Dorothy"
    ),
    "mid": _w(
        "Jessica Ashley Jennifer Amanda Sarah Stephanie Nicole Melissa Elizabeth Heather Megan"
        " Amber Rachel Lauren Samantha Brittany Danielle Christina Rebecca Kimberly Michelle"
        " Laura Emily Tiffany Crystal Kelly Erin Andrea Courtney Chelsea Vanessa Kayla Katherine"
        " Lindsay Natalie Alicia Erica Jasmine Victoria Christine Angela Sara Kathryn Mary Lisa"
        " Allison Catherine Jamie Kristen Alyssa Monica Diana Veronica Jacqueline Alexandra"
        " Cassandra Julie Brianna Kristin Holly Whitney Hannah Katie Shannon Lindsey Morgan"
        " Caitlin Kelsey Desiree Sabrina Bianca Alexis Anna Jenna Leslie Marissa Margaret"
        " Gabrielle Madeline Abigail Jacquelyn Valerie Theresa Pamela Cynthia"
    ),
    "young": _w(
        "Emily Ashley Samantha Jessica Isabella Sophia Madison Elizabeth Alyssa Hannah Natalie"
        " Emma Abigail Olivia Brianna Sarah Jasmine Kayla Alexis Victoria Andrea Mia Chloe"
        " Grace Lauren Taylor Nicole Megan Destiny Jennifer Stephanie Ava Alexandra Vanessa"
        " Jocelyn Angelina Katherine Melanie Gabriella Sofia Leslie Kimberly Daniela Maya"
        " Adriana Evelyn Julia Rachel Sydney Makayla Amanda Diana Michelle Valerie Faith"
        " Trinity Madeline Haley Kaitlyn Savannah Addison Allison Avery Riley Zoe Lily Kylie"
        " Mackenzie Brooke Paige Audrey Claire Naomi Ariana Camila Natalia Valeria Isabel"
        " Rebecca Margaret Christina Jacqueline Danielle Gabrielle Catherine Rose"
    ),
}

BLACK_MALE = {
    "old": _w(
        "Darnell Jerome Tyrone Andre Reginald Cedric Lamont Terrence Maurice Derrick Darryl"
        " Marvin Willie Clarence Otis Leroy Alvin Jermaine Dwayne Rodney"
    ),
    "mid": _w(
        "DeShawn Jamal Darnell Terrell Andre Marquis Antoine Jermaine Malik Tyrone Rashad"
        " Demetrius Cedric Dante Darius Xavier Lamar Quentin Terrance Reginald"
    ),
    "young": _w(
        "Jaylen Malik Darius Jalen Elijah Isaiah Xavier DeAndre Khalil Amari Tre Jamari Jayden"
        " Demetrius Kendrick Devontae Jamal Marquise Zion Terrell Dominique Isaac Josiah"
    ),
}

BLACK_FEMALE = {
    "old": _w(
        "Latoya Tamika Keisha Yolanda Sonya Felicia Tonya Shanice Lakisha Ebony Valencia"
        " Vanessa Regina Gwendolyn Tasha Kenya Monique Charmaine Tanisha Rochelle"
    ),
    "mid": _w(
        "Ebony Tiara Jasmine Shanice Aisha Monique Brittany Precious Kiara Danielle Keisha"
        " Ciara Tiffany Raven Jazmine Imani Destiny Chanel Domonique Shaniqua"
    ),
    "young": _w(
        "Aaliyah Imani Destiny Jada Kiara Nia Amari Jasmine Diamond Tiana Nevaeh Zaria Ariana"
        " Kennedy Makayla Essence Brianna Janiya Asia Taniyah Trinity Layla"
    ),
}

HISPANIC_MALE = {
    "old": _w(
        "Jose Juan Jesus Manuel Francisco Luis Carlos Antonio Miguel Javier Ricardo Roberto"
        " Jorge Raul Mario Ruben Rafael Arturo Alfredo Armando Guillermo Ramon Fernando"
        " Salvador Pedro Enrique Gerardo Hector Eduardo Sergio Rogelio Alberto Joaquin Ignacio"
        " Gilberto Rodolfo Margarito Efrain Ernesto Alejandro Felipe Victor Oscar Ismael"
    ),
    "mid": _w(
        "Jose Juan Luis Carlos Jesus Miguel Francisco Antonio Alejandro Jorge Javier Daniel"
        " Ricardo Eduardo Oscar Victor Mario Fernando Sergio Cesar Adrian Ruben Raul Hector"
        " Omar Edgar Erick Manuel Rafael Gerardo Alfredo Armando Arturo Ivan Roberto Hugo"
        " Alberto Julio Guillermo Marco Salvador Ramon Enrique Gustavo Rodrigo Israel"
    ),
    "young": _w(
        "Jose Angel Luis Diego Juan Carlos Jesus Miguel Alejandro Adrian Christian Bryan"
        " Kevin Anthony Daniel Jonathan Eduardo Fernando Brandon Ivan Cristian Oscar Alexis"
        " Erick Cesar Jorge Francisco Emmanuel Andres Sebastian Javier Isaac Axel Aldo"
        " Giovanni Joel Ricardo Sergio Julio Mauricio Mateo Santiago Leonardo Edgar Ulises"
    ),
}

HISPANIC_FEMALE = {
    "old": _w(
        "Maria Guadalupe Rosa Martha Juana Elena Ana Alicia Patricia Leticia Yolanda Carmen"
        " Teresa Silvia Norma Graciela Margarita Irma Gloria Laura Veronica Josefina Esperanza"
        " Socorro Dolores Rosario Beatriz Angelica Maricela Lourdes Consuelo Ofelia Estela"
        " Raquel Lorena Claudia Luz Isabel Gabriela Sandra Araceli Marisol Adriana Monica"
    ),
    "mid": _w(
        "Maria Veronica Adriana Claudia Jessica Alejandra Gabriela Yesenia Karina Vanessa"
        " Leticia Monica Erika Maribel Liliana Lorena Diana Ana Sandra Araceli Elizabeth"
        " Marisol Guadalupe Cynthia Yvette Brenda Mayra Maricela Jacqueline Esmeralda Norma"
        " Rocio Lizbeth Nancy Blanca Griselda Yadira Beatriz Ruby Lucia Paola Janet Cristina"
    ),
    "young": _w(
        "Maria Jocelyn Jennifer Daniela Alondra Genesis Ximena Valeria Yaretzi Itzel Esmeralda"
        " Andrea Jacqueline Karla Leslie Jasmin Melanie Kimberly Evelyn Mariana Fernanda"
        " Guadalupe Alejandra Marisol Vanessa Brenda Briana Yesenia Arely Dulce Abigail"
        " Natalia Camila Lizbeth Perla Nayeli Aylin Citlali Brisa Yamileth Angelica Estrella"
    ),
}

# Compound given names written as one first name ("Jose Luis") or as first + middle.
HISPANIC_COMPOUND_MALE = _c(
    "Jose Luis, Juan Carlos, Jose Manuel, Juan Manuel, Jose Antonio, Luis Angel, Jose Alfredo,"
    " Juan Pablo, Miguel Angel, Jose Guadalupe, Jose de Jesus, Jose Maria"
)
HISPANIC_COMPOUND_FEMALE = _c(
    "Maria Guadalupe, Maria de Jesus, Maria Elena, Ana Maria, Luz Maria, Maria Isabel,"
    " Maria del Carmen, Maria Fernanda, Maria Jose, Rosa Maria, Maria Teresa, Maria Luisa"
)

VIETNAMESE_MALE = _w(
    "Minh Tuan Thanh Hung Duc Khoa Huy Long Phuc Quang Nam Vinh Bao Tri Hieu Dat Khang Son"
    " Tam Hoang Dung Cuong Hai Trung Phong Thinh Loc Quoc Viet Kiet"
)
VIETNAMESE_FEMALE = _w(
    "Linh Lan Mai Ngoc Thao Trang Huong Hanh Thu Anh Vy Nhi Hoa Tien Uyen Phuong My Ngan"
    " Quynh Tuyet Loan Kim Hang Diem Thuy Yen Nga Xuan Van Hien"
)
VIETNAMESE_MIDDLE_MALE = _w("Van Van Van Minh Duc Quoc Thanh Hoang Huu Ngoc")
VIETNAMESE_MIDDLE_FEMALE = _w("Thi Thi Thi Ngoc Thanh Kim Bich Hong Minh Phuong")

CHINESE_MALE = _w(
    "Wei Jun Hao Ming Lei Yu Jian Jie Kai Tian Zhi Bo Yi Xin Rui Hong Peng Feng Cheng Zhen"
)
CHINESE_FEMALE = _w(
    "Jing Yan Li Xin Mei Hui Ying Yun Jia Xiao Lin Fang Ling Qing Yi Na Ting Xue Ruoxi Shu"
)

KOREAN_MALE = _c(
    "Min-jun, Ji-hoon, Hyun-woo, Dong-hyun, Jae-won, Sung-min, Young-ho, Jin, Seung-hoon,"
    " Joon-young, Tae-yang, Woo-jin, Sang-woo, Jun-ho, Min-soo, Kyung-soo"
)
KOREAN_FEMALE = _c(
    "Ji-yeon, Seo-yeon, Min-ji, Soo-jin, Eun-ji, Hye-jin, Yuna, Ji-eun, Hana, Sora, Ji-won,"
    " Su-bin, Ye-jin, Hyun-joo, Mi-young, Eun-young"
)

FILIPINO_MALE = _w(
    "Jericho Rommel Arnel Ronaldo Rodel Reynaldo Jomar Jonel Mark Ryan Jhon Romeo Dante"
    " Efren Lorenzo Renato Noel Ariel Jay Marvin"
)
FILIPINO_FEMALE = _c(
    "Marivic, Maricel, Rowena, Jocelyn, Lovely, Princess, Mary Grace, Mary Joy, Kristine,"
    " Rhea, Joy, Aileen, Cherry, Jhoanna, Rosalie, Analyn, Divina, Liezl, Angelou, Mylene"
)

INDIAN_MALE = _w(
    "Arjun Rohan Rahul Vikram Aditya Nikhil Amit Raj Sanjay Ravi Karan Harpreet Gurpreet"
    " Manpreet Jaspreet Aarav Vivek Ankit Siddharth Pranav Akash Harjot Rajesh Suresh Varun"
)
INDIAN_FEMALE = _w(
    "Priya Anjali Neha Pooja Divya Shreya Kavya Ananya Simran Navneet Harleen Sunita Deepa"
    " Meera Riya Isha Nisha Sneha Rupinder Priyanka Jaspreet Manpreet Aarti Lakshmi Swati"
)

ARMENIAN_MALE = _w(
    "Aram Armen Hayk Narek Davit Gor Tigran Arman Vahe Karen Levon Ara Hovik Gevorg Sevak"
    " Arsen Artur Hovhannes Grigor Vartan Raffi Garo Harout Sarkis Vazgen"
)
ARMENIAN_FEMALE = _w(
    "Ani Anahit Lilit Nare Mariam Arpi Tatevik Gayane Sona Lusine Armine Hasmik Nairi"
    " Talin Taline Lena Siranush Anush Nelli Karine Seda Silva Alina Milena Arevik"
)

MIDEAST_MALE = _w(
    "Mohammad Ali Ahmad Omar Hassan Yousef Karim Amir Reza Arash Dariush Kian Sami Fadi"
    " Rami Nader Tarek Mohammed Ibrahim Khalid Mehdi Farid Navid Bijan Samir"
)
MIDEAST_FEMALE = _w(
    "Fatima Sara Leila Yasmin Maryam Nour Layla Zahra Shirin Parisa Nazanin Roya Mina Rania"
    " Dina Lina Hala Noor Samira Aya Ghazal Niloufar Mahsa Rana Amira"
)

# Common middle names (besides a second given name of the person's own group).
MIDDLE_MALE = _w(
    "James Michael Lee Allen Joseph Anthony David Ray John Alexander Thomas William Robert"
    " Edward Christopher Daniel Matthew Scott Wayne Paul Ryan Andrew Jacob Charles Dean"
    " Alan Gabriel Elijah Xavier Isaiah Angel Luis Antonio Jose Manuel"
)
MIDDLE_FEMALE = _w(
    "Marie Ann Lynn Nicole Elizabeth Rose Michelle Renee Louise Jean Kay Grace Mae Jane"
    " Danielle Lee Christine Alexis Jade Faith Hope Elaine Denise Dawn Sue Lauren Isabel"
    " Guadalupe Maria Alejandra Yvette Monique"
)

# --- surnames --------------------------------------------------------------------------------

SURNAMES = {
    "hispanic": _c(
        "Garcia, Hernandez, Lopez, Martinez, Gonzalez, Rodriguez, Perez, Sanchez, Ramirez,"
        " Flores, Torres, Rivera, Gomez, Diaz, Cruz, Reyes, Morales, Gutierrez, Ortiz, Chavez,"
        " Ruiz, Alvarez, Castillo, Jimenez, Vasquez, Moreno, Romero, Herrera, Medina, Aguilar,"
        " Mendoza, Vargas, Castro, Guzman, Fernandez, Juarez, Munoz, Salazar, Ramos, Delgado,"
        " Contreras, Valenzuela, Soto, Ortega, Silva, Nunez, Rojas, Estrada, Guerrero, Navarro,"
        " Rios, Dominguez, Sandoval, Avila, Campos, Pacheco, Cervantes, Lara, Espinoza,"
        " Cardenas, Ochoa, Velasquez, Zamora, Cortez, Cisneros, Ibarra, Fuentes, Ayala,"
        " Trujillo, Solis, Figueroa, Carrillo, Acosta, Montoya, Galvan, Macias, Serrano,"
        " Magana, Barajas, Mejia, Marquez, Orozco, Padilla, Duran, Maldonado, Velazquez,"
        " Robles, Zuniga, Arellano, Quintero, Lozano, Cabrera, Valdez, Rangel, De La Cruz,"
        " De Leon, Del Toro, De La Torre, Villalobos, Bautista, Beltran, Montes, Trevino,"
        " Cuevas, Huerta, Pena, Avalos, Sosa, Tapia, Meza, Escobar, Ponce, Mora, Salas,"
        " Lucero, Barrera, Vega, Leon, Valencia, Miranda, Rosales, Corona, Nava, Cano,"
        " Chavarria, Ceja, Alcala, Villegas, Arreola, Nieto, Zepeda, Ventura, Mercado,"
        " Benitez, Lemus, Sepulveda, Alvarado, Ybarra, Enriquez, Bermudez, Quezada, Gallegos"
    ),
    "white": _c(
        "Smith, Johnson, Miller, Brown, Williams, Jones, Davis, Wilson, Anderson, Taylor,"
        " Thomas, Moore, Martin, Thompson, White, Clark, Lewis, Walker, Young, Allen, King,"
        " Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter, Mitchell, Roberts,"
        " Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris,"
        " Murphy, Cook, Rogers, Morgan, Peterson, Cooper, Reed, Bailey, Bell, Kelly, Howard,"
        " Ward, Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, Hughes, Price, Sanders,"
        " Myers, Long, Ross, Foster, Powell, Jenkins, Perry, Russell, Sullivan, Fisher,"
        " Henderson, Patterson, Reynolds, Hamilton, Graham, Wallace, Olson, Schmidt, Hansen,"
        " Larson, Meyer, Wagner, Becker, Schultz, Hoffman, Weber, Kowalski, O'Brien,"
        " O'Connor, McDonald, MacDonald, McCarthy, Murray, Ryan, Kennedy, Burke, Quinn,"
        " Fitzgerald, Gallagher, Russo, Romano, Marino, Costa, Esposito, Ricci, Rossi,"
        " Wade, Harper, Hayes, Ellis, Stone, Hunt, Hart, Weaver, Mason, Dixon, Webb,"
        " Ferguson, Snyder, Hudson, Berg, Dunn, Porter, Black, Sutton, Fox, Warren, Lane,"
        " Riley, Carlson, Sorensen, Van Dyke, St. John, Jensen, Novak, Keller,"
        " Fleming, Hartman, Lindgren, Vanderhoek, Brandt, Kaufman, Kramer, Gibbs, Chambers"
    ),
    "black": _c(
        "Johnson, Williams, Jackson, Brown, Washington, Jones, Davis, Smith, Harris, Robinson,"
        " Thomas, Taylor, Moore, Jefferson, Walker, Thompson, White, Lewis, Green, Jenkins,"
        " Coleman, Banks, Simmons, Bryant, Alexander, Gibson, Hayes, Franklin, Wallace,"
        " Woods, Holmes, Pierce, Grant, Brooks, Mitchell, Carter, Wright, Young, Allen, Hill,"
        " King, Turner, Parker, Glover, Tate, Stokes, Dukes, Ware, Whitfield, Booker, Mosley,"
        " Gaines, Dorsey, Rivers, Freeman, Hall, Scott, Bell, Okafor, Adeyemi, Mensah,"
        " Haile, Tesfaye, Bekele, Okonkwo, Battle, Horne, Barnes, Fields, Griffin"
    ),
    "vietnamese": _c(
        "Nguyen, Tran, Le, Pham, Huynh, Hoang, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong,"
        " Ly, Truong, Dinh, Lam, Mai, Ta, Luong, Cao, Trinh, Doan, La, Quach, Thai, Tieu, Kieu"
    ),
    "chinese": _c(
        "Wang, Li, Zhang, Chen, Liu, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo,"
        " He, Lin, Gao, Luo, Wong, Chan, Lee, Leung, Cheung, Lam, Ng, Chiu, Yee, Fong, Chow,"
        " Tam, Louie, Kwan, Eng, Lau, Ho, Tsang, Yip, Tang, Deng, Feng, Cai, Song, Shen"
    ),
    "korean": _c(
        "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon,"
        " Hwang, Ahn, Song, Yoo, Hong, Jeon, Ko, Moon, Yang, Son, Baek, Chung, Yi, Nam, Ryu"
    ),
    "filipino": _c(
        "Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Ramos, Aquino, Castillo, Dela Cruz,"
        " Del Rosario, Villanueva, Gonzales, Fernandez, Domingo, Manalo, Pascual, Soriano,"
        " Tolentino, Mercado, Castro, Dizon, Navarro, Salazar, Lopez, Flores, Aguilar, Ocampo,"
        " Valdez, Magbanua, Macaraeg, Dimaculangan, Pangilinan, Tan, Lim, De Guzman, De Leon,"
        " Panganiban, Sarmiento, Javier, Lacson, Evangelista, Manansala, Abad, Tuazon"
    ),
    "indian": _c(
        "Patel, Singh, Kumar, Shah, Sharma, Gupta, Reddy, Rao, Desai, Mehta, Joshi, Kaur,"
        " Iyer, Nair, Agarwal, Chopra, Malhotra, Bhatt, Chaudhary, Verma, Gill, Sandhu,"
        " Dhillon, Grewal, Sidhu, Bains, Mann, Pillai, Menon, Krishnan, Banerjee, Mukherjee"
    ),
    "armenian": _c(
        "Petrosyan, Hakobyan, Sargsyan, Harutyunyan, Grigoryan, Khachatryan, Karapetyan,"
        " Avetisyan, Hovhannisyan, Gevorgyan, Mkrtchyan, Vardanyan, Ghazaryan, Martirosyan,"
        " Sarkisian, Manukyan, Babayan, Arakelian, Ter-Petrosyan, Ohanian, Kazarian,"
        " Der Bedrossian, Gasparyan, Simonyan, Melkonian, Hagopian, Boyajian, Aslanian"
    ),
    "mideast": _c(
        "Haddad, Khoury, Nasser, Hassan, Ali, Ahmed, Mohammed, Saleh, Khalil, Hamdan, Azizi,"
        " Rahimi, Hosseini, Karimi, Ahmadi, Mansour, Farah, Ibrahim, Yousef, Abdullah, Shamoun,"
        " Jaber, Mikhail, Odisho, Toma, Kassab, Sadeghi, Moradi, Rezaei, Tehrani, Shirazi,"
        " Abu-Ghazaleh, El-Amin, Al-Hassan, Najjar, Hakim"
    ),
}

# Pieces of made-up surnames for the long tail (most white and Black Americans carry a surname
# rarer than any listed; pieces give 1,600+ plausible ones: Ashford, Brandtner, Kellerman...).
TAIL_HEADS = _w(
    "Ash Black Brad Bur Cal Car Chand Craw Dal Den Drum Eller Fair Fal Gar Gold Hal Har Hol"
    " Kel Kin Lang Lind Mar Mel Nor Pem Rad Red Rut Sax Sher Stan Stock Strat Thorn Wal War"
    " Wes Whit"
)
TAIL_TAILS = _w(
    "ford wood ton ley man son berg field ridge well worth stein by more ham wick dale hurst"
    " cott land er ston bury low mont croft land ing er ell ery"
)
# Made-up modern given names (young era): Jayden, Braylee, Kaysen...
MODERN_HEADS = _w("Jay Kay Bray Ry Ash Kam Dev Zay Ja Ma Ty Ken Ar Ral Bri Sky Dai")
MODERN_TAILS_MALE = _w("den son ton lan ce dyn ler ion ari")
MODERN_TAILS_FEMALE = _w("lyn lee leigh anna ani ah iyah ella ra")

# --- nicknames (formal -> common short forms), both directions used ------------------------

NICKNAMES: dict[str, list[str]] = {
    "Robert": ["Bob", "Rob", "Bobby", "Robbie"],
    "William": ["Will", "Bill", "Billy", "Liam"],
    "Richard": ["Rick", "Rich", "Ricky", "Richie"],
    "James": ["Jim", "Jimmy", "Jamie"],
    "John": ["Johnny", "Jack"],
    "Jonathan": ["Jon", "Johnny"],
    "Michael": ["Mike", "Mikey"],
    "Christopher": ["Chris", "Topher"],
    "Matthew": ["Matt"],
    "Nicholas": ["Nick", "Nico"],
    "Anthony": ["Tony"],
    "Joseph": ["Joe", "Joey"],
    "Daniel": ["Dan", "Danny"],
    "David": ["Dave", "Davey"],
    "Steven": ["Steve"],
    "Stephen": ["Steve"],
    "Thomas": ["Tom", "Tommy"],
    "Benjamin": ["Ben", "Benny"],
    "Samuel": ["Sam", "Sammy"],
    "Alexander": ["Alex", "Xander"],
    "Andrew": ["Andy", "Drew"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Timothy": ["Tim", "Timmy"],
    "Jeffrey": ["Jeff"],
    "Gregory": ["Greg"],
    "Zachary": ["Zach", "Zack"],
    "Joshua": ["Josh"],
    "Jacob": ["Jake"],
    "Nathaniel": ["Nate", "Nathan"],
    "Nathan": ["Nate"],
    "Patrick": ["Pat"],
    "Kenneth": ["Ken", "Kenny"],
    "Ronald": ["Ron", "Ronnie"],
    "Donald": ["Don", "Donnie"],
    "Charles": ["Charlie", "Chuck"],
    "Gerald": ["Jerry"],
    "Lawrence": ["Larry"],
    "Raymond": ["Ray"],
    "Frederick": ["Fred", "Freddy"],
    "Theodore": ["Ted", "Theo"],
    "Dominic": ["Dom"],
    "Vincent": ["Vince", "Vinny"],
    "Mitchell": ["Mitch"],
    "Maxwell": ["Max"],
    "Elijah": ["Eli"],
    "Gabriel": ["Gabe"],
    "Isaac": ["Ike"],
    "Elizabeth": ["Liz", "Beth", "Lizzy", "Eliza", "Libby"],
    "Katherine": ["Kate", "Katie", "Kathy", "Kat"],
    "Catherine": ["Cathy", "Kate", "Cat"],
    "Kathryn": ["Kate", "Katie"],
    "Jennifer": ["Jen", "Jenny"],
    "Jessica": ["Jess", "Jessie"],
    "Rebecca": ["Becky", "Becca"],
    "Margaret": ["Maggie", "Peggy", "Meg"],
    "Patricia": ["Pat", "Patty", "Trish"],
    "Deborah": ["Deb", "Debbie"],
    "Susan": ["Sue", "Susie"],
    "Christina": ["Tina", "Chrissy"],
    "Christine": ["Chris", "Tina"],
    "Samantha": ["Sam", "Sammy"],
    "Alexandra": ["Alex", "Lexi", "Sasha"],
    "Victoria": ["Vicky", "Tori"],
    "Kimberly": ["Kim"],
    "Stephanie": ["Steph"],
    "Abigail": ["Abby"],
    "Madeline": ["Maddie"],
    "Madison": ["Maddie"],
    "Gabriella": ["Gabby"],
    "Gabrielle": ["Gabby"],
    "Jacqueline": ["Jackie"],
    "Cynthia": ["Cindy"],
    "Pamela": ["Pam"],
    "Amanda": ["Mandy"],
    "Melissa": ["Missy", "Mel"],
    "Michelle": ["Shelly"],
    "Nicole": ["Nikki"],
    "Danielle": ["Dani"],
    "Natalie": ["Nat"],
    "Allison": ["Ally"],
    "Valerie": ["Val"],
    "Dorothy": ["Dottie"],
    "Barbara": ["Barb"],
    "Theresa": ["Terry", "Tess"],
    "Isabella": ["Bella", "Izzy"],
    "Olivia": ["Liv"],
    "Jose": ["Pepe", "Chepe", "Joe"],
    "Guillermo": ["Memo", "Willy"],
    "Francisco": ["Pancho", "Paco", "Frank"],
    "Jesus": ["Chuy", "Jesse"],
    "Ignacio": ["Nacho"],
    "Alejandro": ["Alex", "Jandro"],
    "Roberto": ["Beto", "Rob"],
    "Alberto": ["Beto", "Al"],
    "Eduardo": ["Lalo", "Eddie"],
    "Enrique": ["Kike", "Henry"],
    "Manuel": ["Manny", "Manolo"],
    "Rafael": ["Rafa"],
    "Gerardo": ["Jerry"],
    "Salvador": ["Chava", "Sal"],
    "Santiago": ["Santi"],
    "Antonio": ["Tony", "Tono"],
    "Luis": ["Lucho"],
    "Jorge": ["George"],
    "Juan": ["Johnny"],
    "Javier": ["Javi"],
    "Fernando": ["Nando", "Fer"],
    "Rodrigo": ["Rigo"],
    "Gustavo": ["Tavo"],
    "Ricardo": ["Ricky"],
    "Margarita": ["Margie"],
    "Guadalupe": ["Lupe", "Lupita"],
    "Graciela": ["Chela"],
    "Maria": ["Mari", "Mary"],
    "Dolores": ["Lola"],
    "Rosario": ["Charo"],
    "Alejandra": ["Ale", "Alex"],
    "Gabriela": ["Gaby"],
    "Daniela": ["Dani"],
    "Isabel": ["Isa", "Chabela"],
    "Beatriz": ["Betty"],
    "Yolanda": ["Yoli"],
    "Socorro": ["Coco"],
    "Leticia": ["Lety"],
    "Veronica": ["Vero"],
    "Natalia": ["Naty"],
    "Fernanda": ["Fer"],
    "Hovhannes": ["Hovo", "John"],
    "Gevorg": ["George"],
    "Grigor": ["Greg"],
    "Tigran": ["Tiko"],
    "Harpreet": ["Harry"],
    "Gurpreet": ["Gary"],
    "Manpreet": ["Manny"],
    "Siddharth": ["Sid"],
    "Aditya": ["Adi"],
    "Vikram": ["Vik"],
    "Nikhil": ["Nik"],
    "Priyanka": ["Priya"],
    "Rajesh": ["Raj"],
    "Mohammad": ["Mo"],
    "Mohammed": ["Mo"],
    "Reynaldo": ["Rey"],
    "Ronaldo": ["Ronnie"],
}

# Accented spellings some records carry (and others do not).
ACCENTS: dict[str, str] = {
    "Jose": "José",
    "Jesus": "Jesús",
    "Maria": "María",
    "Ramon": "Ramón",
    "Ruben": "Rubén",
    "Raul": "Raúl",
    "Hector": "Héctor",
    "Oscar": "Óscar",
    "Cesar": "César",
    "Ivan": "Iván",
    "Angel": "Ángel",
    "Adrian": "Adrián",
    "Andres": "Andrés",
    "Joaquin": "Joaquín",
    "Efrain": "Efraín",
    "Ismael": "Ismaél",
    "Sebastian": "Sebastián",
    "Julian": "Julián",
    "Veronica": "Verónica",
    "Monica": "Mónica",
    "Angelica": "Angélica",
    "Lucia": "Lucía",
    "Rocio": "Rocío",
    "Belen": "Belén",
    "Itzel": "Itzél",
    "Munoz": "Muñoz",
    "Nunez": "Núñez",
    "Pena": "Peña",
    "Zuniga": "Zúñiga",
    "Hernandez": "Hernández",
    "Lopez": "López",
    "Martinez": "Martínez",
    "Gonzalez": "González",
    "Rodriguez": "Rodríguez",
    "Perez": "Pérez",
    "Sanchez": "Sánchez",
    "Ramirez": "Ramírez",
    "Gomez": "Gómez",
    "Diaz": "Díaz",
    "Gutierrez": "Gutiérrez",
    "Chavez": "Chávez",
    "Alvarez": "Álvarez",
    "Jimenez": "Jiménez",
    "Vasquez": "Vásquez",
    "Fernandez": "Fernández",
    "Juarez": "Juárez",
    "Velasquez": "Velásquez",
    "Marquez": "Márquez",
    "Mejia": "Mejía",
    "Magana": "Magaña",
    "Duran": "Durán",
    "Trevino": "Treviño",
    "Leon": "León",
    "Benitez": "Benítez",
}

# Names a student from the group may adopt in English (a hard duplicate: "Wei" / "David").
ADOPTED_MALE = _w("David Kevin Eric Jason Michael Daniel Andy Tony Peter Kenny Steven Vincent")
ADOPTED_FEMALE = _w("Amy Jenny Tina Vivian Grace Michelle Cindy Lily Annie Tiffany Helen Jessica")
