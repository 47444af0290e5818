"""Name, place and variant tables for the held-out generator (bench/heldout_c/make.py).

Written for this set alone, from general knowledge of California's population: weights are rough
relative frequencies inside each group (a surname at 100 is about ten times as common in its group
as one at 10). Entries are "Name weight", separated by commas; a name may hold spaces.
"""

# --- groups: share of the community-college population, and each group's name tables ---

GROUPS = (
    "hispanic 45, white 24, black 6, vietnamese 3.5, chinese 4, korean 1.5, filipino 3.5, "
    "indian 2, mideast 2.5, hmong 0.6"
)

SURNAMES = {
    "hispanic": """
Garcia 280, Hernandez 250, Lopez 215, Martinez 200, Gonzalez 200, Rodriguez 190, Perez 130,
Sanchez 130, Ramirez 130, Flores 100, Torres 90, Gomez 85, Gutierrez 75, Diaz 70, Reyes 70,
Morales 70, Chavez 70, Cruz 60, Mendoza 60, Rivera 55, Ruiz 55, Alvarez 50, Jimenez 45, Ortiz 45,
Castillo 45, Aguilar 45, Romero 45, Moreno 45, Ramos 45, Herrera 45, Vasquez 40, Medina 40,
Castro 40, Vargas 38, Guzman 35, Juarez 33, Munoz 33, Salazar 33, Contreras 33, Mendez 30,
Avila 30, Espinoza 30, Rios 28, Valenzuela 28, Sandoval 28, Alvarado 28, Delgado 28, Estrada 28,
Soto 26, Dominguez 26, Guerrero 26, Valdez 24, Padilla 22, Marquez 22, Cortez 22, Ochoa 22,
Orozco 22, Campos 20, Vega 20, Molina 20, Cervantes 20, Navarro 18, Figueroa 18, Carrillo 18,
Nunez 18, Ibarra 18, Acosta 17, Mejia 17, Ayala 17, Fuentes 16, Rosales 16, Solis 16,
Maldonado 16, Cardenas 16, Lara 16, Robles 16, Miranda 15, Salinas 15, Andrade 15, Velasquez 15,
Zamora 14, Macias 14, Cabrera 13, Magana 13, Barajas 13, Camacho 13, Pacheco 13, Villanueva 12,
Trujillo 12, Arellano 12, Pena 12, De La Cruz 12, Luna 12, Silva 12, Serrano 11, Montoya 11,
Zuniga 11, Beltran 11, Villalobos 11, Escobar 11, Galvan 11, Meza 11, Cisneros 11, Bautista 10,
Lozano 10, Barrera 10, Gallegos 10, Mora 10, De La Torre 9, Velazquez 9, Rangel 9, Duarte 9,
Ponce 9, Tapia 9, Guerra 9, Calderon 9, Pineda 9, Duran 9, Santiago 8, Hurtado 8, Quintero 8,
Sosa 8, Cuevas 8, Leon 8, Rocha 8, Santos 8, Salas 8, Nava 8, Rubio 8, Huerta 8, Rivas 8,
Parra 8, Corona 8, Arias 7, Benitez 7, Franco 7, Villa 7, Zepeda 7, Garza 7, Hidalgo 6,
Quintana 6, Sierra 6, Bernal 6, Ybarra 5, Chavarria 5, Osorio 5, Jaramillo 5, Del Rio 4,
Acevedo 4, Aguirre 4, Alcala 3, Alfaro 4, Amador 3, Anaya 4, Angulo 3, Aranda 4, Arce 3,
Arroyo 4, Avalos 4, Baca 3, Balderas 3, Barraza 3, Barrios 3, Becerra 4, Bermudez 3, Blanco 3,
Bonilla 4, Bravo 4, Briones 3, Bustamante 4, Bustos 3, Caballero 3, Camarena 3, Canales 3,
Cano 3, Carbajal 4, Carranza 4, Carrasco 3, Casillas 3, Castaneda 5, Castellanos 3, Ceja 3,
Cordova 4, Correa 3, Coronado 4, Cuellar 3, Davila 3, De Leon 4, Elizondo 2, Enriquez 3,
Escalante 3, Escamilla 3, Espinosa 3, Esquivel 3, Farias 3, Felix 3, Gallardo 4, Galindo 3,
Gamboa 3, Gaytan 2, Gil 2, Godinez 3, Granados 3, Guevara 3, Haro 2, Iniguez 2, Lemus 2,
Limon 3, Linares 2, Lira 2, Loera 2, Loya 2, Lucero 3, Madrigal 3, Marin 3, Mata 3, Medrano 3,
Melendez 3, Mena 2, Mireles 2, Montes 3, Montano 2, Murillo 4, Navarrete 2, Negrete 2, Nieto 2,
Olivares 3, Olvera 3, Ornelas 3, Pantoja 2, Paredes 3, Partida 2, Plascencia 2, Prado 3,
Preciado 2, Quezada 3, Quiroz 3, Saavedra 2, Salcedo 2, Salgado 3, Santana 3, Sepulveda 3,
Solano 2, Solorio 2, Suarez 3, Tellez 2, Trejo 3, Urbina 2, Uribe 3, Valadez 3, Valencia 3,
Valle 2, Vallejo 2, Varela 2, Velez 2, Vera 2, Verduzco 2, Villarreal 3, Villegas 3, Zapata 3,
Zavala 3, Zaragoza 2, Jaimes 2, Alcaraz 2, Banuelos 2, Ceballos 2, Chacon 2, Covarrubias 2,
Delgadillo 2, Echeverria 2, Fajardo 2, Gamez 2, Hinojosa 2, Ledesma 2, Magallanes 2, Manzo 2,
Meraz 1, Moya 2, Ocampo 2, Ojeda 2, Padron 1, Palacios 3, Peralta 3, Quintanilla 2, Renteria 2,
Reynoso 2, Robledo 1, Romo 2, Ruelas 1, Saldana 2, Samaniego 1, Segura 2, Soria 1, Tovar 2,
Trevino 2, Ulloa 2, Valdivia 2, Vaca 1, Ventura 2, Vidal 1, Villasenor 2, Zarate 2, Alonso 2,
Montalvo 1, Pulido 1, Ramos Lopez 1, Arreola 2, Barba 1, Cazares 1, Chaidez 1, Frausto 1,
Gonzaga 1, Jauregui 1, Lomeli 1, Mojica 1, Muro 1, Orduno 1, Robledo 1, Sotelo 1, Valdovinos 1
""",
    "white": """
Smith 100, Johnson 75, Miller 55, Brown 55, Williams 55, Jones 50, Davis 50, Anderson 40,
Wilson 40, Taylor 35, Thompson 30, Moore 30, Martin 30, White 30, Clark 25, Harris 25,
Lewis 22, Walker 20, Young 20, Allen 20, King 20, Wright 20, Robinson 18, Scott 18, Hill 18,
Adams 18, Baker 18, Nelson 18, Green 17, Campbell 14, Mitchell 15, Roberts 15, Carter 15,
Thomas 22, Peterson 12, Sullivan 10, Turner 13, Phillips 13, Parker 13, Evans 12, Edwards 12,
Collins 12, Stewart 12, Murphy 12, Morris 11, Cook 11, Rogers 11, Reed 10, Bailey 10,
Bell 10, Kelly 10, Howard 10, Ward 10, Cox 9, Richardson 9, Wood 9, Gray 9, Watson 8,
Brooks 8, Bennett 8, Hughes 8, Price 8, Myers 8, Ross 8, Foster 8, Olson 8, Hansen 7,
Sanders 7, Long 7, Fisher 7, Graham 7, Hayes 7, McDonald 7, Hoffman 6, Wagner 6, Larson 6,
Schmidt 6, Murray 6, Ryan 6, O'Brien 6, Stone 6, Cole 6, Shaw 6, Hunt 6, Palmer 6, Mills 6,
Warren 6, Snyder 6, Hart 5, Burke 5, Knight 5, Webb 5, Porter 5, Hunter 5, Hamilton 5,
Ford 5, Jensen 5, Meyer 5, Becker 5, Schultz 5, O'Connor 5, Black 5, Fox 5, Rose 5, Dunn 5,
Lane 5, Wade 4, Christensen 4, Nielsen 3, Sorensen 3, Lindstrom 2, Russo 3, Romano 2, Rossi 2,
Marino 2, Fitzgerald 4, MacDonald 2, Weber 3, Klein 3, Schneider 3, Fischer 3, Wolf 3,
Novak 2, Kowalski 2, Nowak 1, Ivanov 1, Petrov 1, Kozlov 1, Sokolov 1, Bondarenko 1, Kovalenko 1,
Cohen 4, Levy 2, Goldberg 2, Friedman 2, Katz 2, Shapiro 2, Hall 15, Morgan 10, Cooper 10,
Barnes 8, Henderson 7, Jenkins 6, Perry 6, Powell 6, Patterson 6, Russell 7, Griffin 5,
Butler 5, Simmons 5, Hayes 5, Wallace 5, West 5, Jordan 5, Reynolds 6, Ellis 5, Harrison 5,
Gibson 5, McCarthy 4, Marshall 5, Owens 5, Kennedy 5, Wells 5, Alexander 5, Dixon 3, Fuller 3,
Lawrence 3, Holland 3, Spencer 4, Gardner 4, Stephens 4, Payne 4, Pierce 4, Berry 4, Matthews 4,
Arnold 4, Wagner 4, Willis 4, Ray 4, Watkins 3, Olsen 3, Carroll 3, Duncan 3, Snyder 3,
Hudson 3, Bishop 3, Nichols 3, Grant 3, Hawkins 3, Lynch 3, Ramsey 2, Vaughn 2, Barker 2,
Moss 2, Hale 2, Bradley 3, Andrews 3, Lambert 2, Chapman 3, Weaver 3, Walsh 3, Little 2,
Sharp 2, Norris 2, Bowen 2, Beck 3, Hopkins 3, Schwartz 3, Hess 2, Keller 3, Frank 2,
Hanson 3, Petersen 2, Andersen 2, Lund 1, Berg 2, Strand 1, Dahl 1, Lind 1, Engstrom 1
""",
    "black": """
Johnson 60, Williams 60, Smith 45, Jackson 45, Brown 40, Jones 40, Davis 35, Washington 25,
Harris 25, Robinson 22, Thomas 22, Taylor 20, Moore 20, Lewis 18, Walker 18, Green 15,
Thompson 15, White 14, Wilson 14, Jefferson 12, Coleman 10, Banks 8, Freeman 8, Gaines 6,
Mack 5, Dixon 7, Wallace 7, Holmes 7, Bryant 8, Simmons 8, Tucker 6, Franklin 7, Hayes 7,
Hawkins 6, Mosley 5, Rivers 4, Booker 5, Scott 12, Carter 12, Allen 10, Young 10, King 10,
Wright 10, Hall 9, Mitchell 9, Turner 8, Parker 8, Henderson 8, Butler 7, Jenkins 7, Ellis 6,
Gordon 6, Reed 6, Griffin 6, Sanders 6, Patterson 6, Daniels 6, Warren 5, Stewart 6, Brooks 7,
Grant 5, Howard 6, Murray 5, Bell 6, Ford 6, Hill 8, Marshall 5, Owens 5, Wood 4, Sims 5,
Mayfield 3, Price 5, Powell 5, Perkins 4, Graves 4, Hicks 4, Bradley 4, Wade 4, Oliver 3,
Lawson 4, Fields 4, Bailey 5, Cooper 5, Richardson 5, Watkins 5, Ware 3, Peoples 2, Gilmore 2,
McCoy 3, Vaughn 3, Pitts 2, Randle 2, Nwosu 1, Okafor 1, Adeyemi 1, Mensah 1, Tesfaye 1,
Bekele 1, Haile 1, Girma 1, Abebe 1, Mohamed 2, Hassan 1, Diallo 1
""",
    "vietnamese": """
Nguyen 380, Tran 110, Le 80, Pham 75, Huynh 50, Hoang 35, Phan 35, Vo 35, Vu 30, Dang 25,
Bui 25, Do 25, Ho 20, Ngo 20, Truong 20, Duong 15, Ly 15, Lam 15, Dinh 12, Trinh 10, Mai 8,
Luong 8, Cao 8, Doan 6, Chau 6, Thai 5, Ta 5, La 4, Quach 4, Lu 4, Ha 6, Lai 4, Kieu 3,
Tang 3, Luu 3, Dao 4, Nghiem 1, Ton 2, Au 2, Tieu 1
""",
    "chinese": """
Chen 100, Wong 100, Lee 80, Chan 70, Wang 60, Li 50, Lin 50, Zhang 40, Liu 40, Huang 35,
Wu 30, Yang 25, Chang 25, Cheng 20, Ho 15, Lau 15, Leung 15, Ng 15, Yee 12, Lum 8, Fong 10,
Louie 8, Tam 8, Kwan 6, Yu 15, Zhao 10, Xu 10, Sun 8, Ma 8, Hu 8, Guo 6, He 6, Gao 6, Lo 8,
Tsai 8, Hsu 10, Chow 8, Chu 8, Kwok 5, Mak 4, Tang 8, Feng 5, Zhu 6, Luo 5, Deng 4, Tse 3,
Szeto 2, Yip 4, Cheung 10, Chiu 5, Shih 3, Tseng 3, Kao 3, Hung 3, Lai 5, Jiang 5, Zheng 5
""",
    "korean": """
Kim 220, Lee 150, Park 85, Choi 45, Jung 25, Chung 15, Kang 25, Cho 25, Yoon 15, Jang 15,
Lim 15, Han 15, Shin 15, Oh 12, Seo 8, Kwon 8, Hwang 8, Song 8, Ahn 8, Yoo 8, Hong 6, Moon 6,
Baek 4, Ko 5, Ryu 4, Nam 4, Jeon 4, Byun 2, Son 4, Bae 4, Yang 4, Noh 2, Ha 3, Chae 2
""",
    "filipino": """
Santos 60, Reyes 50, Cruz 50, Bautista 35, Garcia 40, Mendoza 30, Ramos 30, Aquino 25,
Castillo 20, Villanueva 25, De Guzman 20, Dela Cruz 30, Del Rosario 15, Gonzales 20,
Fernandez 20, Manalo 12, Pascual 12, Soriano 10, Domingo 12, Navarro 10, Salvador 10,
Tolentino 8, Francisco 10, Mercado 10, Aguilar 8, Valdez 8, Lopez 15, Flores 15, Agustin 8,
Dizon 8, Macaraeg 4, Manansala 3, Magbanua 3, Dimaculangan 2, Panganiban 3, Dumlao 3, Abad 5,
Ocampo 8, Santiago 10, Javier 8, Samson 6, Gutierrez 6, Torres 8, Rivera 8, Perez 6, Lim 5,
Tan 6, Sy 3, Ong 4, Caballero 4, Estrada 4, Mangubat 2, Dimaano 2, Macapagal 2, Bernardo 5,
Gatchalian 2, Evangelista 5, Ignacio 4, Marquez 5, Padilla 5, Galang 3, Lacson 2, Sison 3
""",
    "indian": """
Patel 150, Singh 80, Kumar 50, Shah 40, Sharma 40, Gupta 30, Reddy 30, Rao 20, Kaur 25,
Gill 30, Sandhu 25, Dhillon 20, Sidhu 20, Grewal 15, Bains 10, Mehta 20, Desai 20, Joshi 15,
Iyer 10, Nair 10, Khan 20, Chopra 8, Malhotra 6, Kapoor 6, Agarwal 8, Jain 10, Bhatt 8,
Chaudhary 6, Pandey 6, Mishra 6, Verma 8, Shukla 4, Srinivasan 5, Krishnan 5, Menon 4,
Pillai 4, Thakur 4, Randhawa 6, Johal 5, Atwal 4, Mann 6, Cheema 4, Brar 6, Virk 4, Hundal 3
""",
    "mideast": """
Petrosyan 20, Sargsyan 18, Hakobyan 16, Harutyunyan 15, Grigoryan 14, Khachatryan 14,
Avetisyan 10, Karapetyan 12, Gevorgyan 12, Mkrtchyan 10, Hovhannisyan 12, Vardanyan 10,
Martirosyan 8, Arakelyan 6, Babayan 6, Ghazaryan 6, Manukyan 6, Simonyan 6, Stepanyan 6,
Ohanian 5, Der Sarkissian 3, Ahmadi 10, Hosseini 8, Rahimi 6, Karimi 6, Mohammadi 6, Hassan 8,
Ali 10, Ahmed 10, Khalil 6, Haddad 6, Nasser 4, Saleh 5, Rezaei 4, Moradi 4, Jafari 4,
Shirazi 3, Tehrani 3, Farahani 3, Najafi 3, Yousef 4, Ibrahim 6, Mansour 4, Awad 4, Hanna 5,
Khoury 4, Nassar 3, Aziz 4, Rahman 5, Hussain 5, Abdullah 4, Mahmoud 4, Omar 3, Kazemi 3
""",
    "hmong": """
Vang 100, Xiong 90, Yang 80, Lee 70, Thao 60, Her 50, Moua 45, Lor 40, Vue 40, Chang 35,
Lo 30, Khang 25, Hang 25, Kue 15, Cha 15, Chue 10, Pha 8, Yaj 2, Kong 8, Fang 6
""",
}

# Surnames with a second, accented legal spelling (the clerk may keep or drop the accent).
ACCENTED = """
Hernandez Hernández, Lopez López, Martinez Martínez, Gonzalez González, Rodriguez Rodríguez,
Perez Pérez, Sanchez Sánchez, Ramirez Ramírez, Gomez Gómez, Gutierrez Gutiérrez, Diaz Díaz,
Chavez Chávez, Alvarez Álvarez, Jimenez Jiménez, Munoz Muñoz, Vasquez Vásquez, Mendez Méndez,
Avila Ávila, Rios Ríos, Dominguez Domínguez, Marquez Márquez, Nunez Núñez, Magana Magaña,
Pena Peña, Velasquez Velásquez, Velazquez Velázquez, Juarez Juárez, Galvan Galván,
Castaneda Castañeda, Ibanez Ibáñez, Zuniga Zúñiga, Banuelos Bañuelos, Cardenas Cárdenas,
Leon León, Calderon Calderón, Duran Durán, Benitez Benítez, Beltran Beltrán, Solis Solís,
Ochoa Ochoa, Villasenor Villaseñor, Saldana Saldaña, Iniguez Íñiguez, Trevino Treviño,
Quinones Quiñones, Ordonez Ordóñez, Ramirez Ramírez, Tellez Téllez, Gamez Gámez, Limon Limón,
Marin Marín, Orduno Orduño,
Jose José, Maria María, Jesus Jesús, Ramon Ramón, Raul Raúl, Martin Martín, Ruben Rubén,
Hector Héctor, Andres Andrés, Sebastian Sebastián, Adrian Adrián, Julian Julián, Ivan Iván,
Oscar Óscar, Cesar César, Veronica Verónica, Monica Mónica, Angelica Angélica, Lucia Lucía,
Sofia Sofía, Ines Inés, Joaquin Joaquín, Efrain Efraín, Josue Josué, Nestor Néstor,
Concepcion Concepción, Belen Belén, Rocio Rocío, Maribel Maribel, Dulce Dulce, Ximena Ximena,
Noemi Noemí, Zoe Zoë, Renee Renée, Chloe Chloë, Nguyen Nguyễn, Tran Trần, Pham Phạm,
Huynh Huỳnh, Hoang Hoàng, Dang Đặng, Truong Trương, Duong Dương
"""

# First names: group -> (male parents 1955-1985, female parents, male children 1990-2009,
# female children). Compound given names keep their space.
FIRST = {
    "hispanic": (
        """Jose 120, Juan 80, Luis 40, Jesus 40, Francisco 40, Antonio 35, Manuel 35, Carlos 35,
Miguel 30, Jorge 30, Ramon 20, Javier 25, Ricardo 20, Roberto 22, Pedro 18, Raul 18, Mario 18,
Rafael 18, Salvador 15, Arturo 15, Alfredo 12, Fernando 15, Enrique 12, Armando 12, Sergio 15,
Guillermo 10, Alejandro 12, Martin 14, Ruben 12, Hector 14, Rogelio 8, Gerardo 12, Eduardo 14,
Jaime 10, Ignacio 6, Rodolfo 8, Jose Luis 18, Juan Carlos 10, Jose Antonio 8, Juan Manuel 8,
Refugio 3, Gilberto 6, Ernesto 8, Felipe 8, Margarito 3, Gustavo 8, Oscar 12, Victor 14,
Julio 10, Alberto 12, Angel 8, Rigoberto 5, Daniel 10, David 10, Joel 6, Adolfo 3, Agustin 4,
Alfonso 5, Benjamin 4, Cesar 6, Efrain 3, Eleazar 2, Gregorio 3, Humberto 5, Isidro 3,
Jose Manuel 5, Juventino 2, Leonardo 4, Lorenzo 4, Marco Antonio 4, Moises 3, Nicolas 3,
Pablo 5, Rene 5, Santiago 3, Saul 4, Tomas 4, Ulises 2, Abel 3, Ismael 4, Israel 4""",
        """Maria 140, Guadalupe 25, Rosa 25, Martha 22, Ana 20, Patricia 20, Elizabeth 15,
Leticia 15, Veronica 15, Silvia 14, Laura 14, Maria Elena 12, Maria Guadalupe 14,
Maria De Jesus 8, Maria Del Carmen 6, Teresa 12, Yolanda 12, Gloria 10, Alicia 12, Margarita 10,
Irma 8, Juana 10, Josefina 8, Carmen 10, Lucia 6, Sandra 12, Claudia 12, Araceli 8, Adriana 10,
Elena 6, Beatriz 6, Rocio 6, Norma 10, Blanca 8, Isabel 6, Gabriela 8, Lourdes 6, Esperanza 5,
Sonia 8, Graciela 6, Socorro 4, Angelica 8, Monica 8, Olga 5, Alma 6, Sara 5, Cecilia 5,
Susana 5, Raquel 4, Lorena 6, Marisela 5, Maribel 6, Ana Maria 6, Rosa Maria 5, Maria Luisa 5,
Delia 4, Dolores 4, Elvira 3, Estela 4, Hilda 3, Ines 2, Lidia 4, Mercedes 3, Minerva 2,
Ofelia 3, Reyna 4, Rosario 5, Virginia 4, Yesenia 3, Consuelo 3, Catalina 3, Micaela 2""",
        """Jose 60, Luis 35, Juan 30, Carlos 30, Jesus 30, Daniel 35, Anthony 35, Christopher 30,
Miguel 25, Angel 25, Jonathan 25, David 30, Alejandro 20, Kevin 25, Brian 20, Bryan 15,
Adrian 20, Eduardo 18, Diego 15, Jorge 15, Francisco 15, Oscar 14, Ricardo 12, Fernando 12,
Andres 8, Erick 10, Eric 8, Cristian 12, Christian 15, Victor 12, Alexis 8, Josue 8,
Emmanuel 8, Isaac 10, Ivan 10, Jason 8, Joshua 12, Joseph 12, Jacob 8, Michael 15, Steven 10,
Sergio 10, Javier 10, Manuel 10, Antonio 10, Alex 8, Alexander 10, Edgar 10, Julio 6, Omar 8,
Mario 8, Hector 6, Marco 5, Cesar 8, Raul 5, Gabriel 10, Giovanni 6, Jaime 5, Rafael 6,
Abraham 6, Armando 5, Ulises 3, Brandon 10, Matthew 8, Leonardo 6, Sebastian 5, Aaron 6,
Gerardo 6, Roberto 6, Rodrigo 4, Martin 5, Samuel 6, Fabian 5, Pedro 4, Ramon 3, Alan 5,
Ruben 5, Edwin 6, Saul 5, Jose Luis 6, Juan Carlos 4, Jose Manuel 3, Axel 4, Angel Gabriel 2,
Elias 3, Emiliano 2, Jair 2, Jesse 4, Johnny 3, Josiah 2, Julian 5, Marcos 4, Noe 3, Santiago 3,
Uriel 3, Xavier 4, Yahir 1, Erik 4, Hugo 3, Israel 4, Moises 3, Nestor 2, Osvaldo 3, Pablo 3""",
        """Maria 40, Jessica 25, Stephanie 22, Jennifer 22, Daisy 18, Ashley 20, Vanessa 18,
Karina 12, Alejandra 14, Andrea 15, Jasmine 16, Yesenia 10, Brenda 14, Diana 15, Elizabeth 15,
Michelle 12, Esmeralda 12, Jacqueline 12, Adriana 12, Leslie 12, Gabriela 12, Karen 12,
Evelyn 12, Guadalupe 10, Maritza 6, Cynthia 10, Natalie 10, Monica 8, Veronica 8, Erika 8,
Erica 6, Alondra 10, Angelica 8, Briana 6, Brianna 8, Alexis 6, Melissa 10, Kimberly 12,
Jocelyn 10, Nancy 10, Priscilla 8, Ariana 8, Valeria 8, Daniela 10, Marisol 6, Liliana 6,
Lizbeth 5, Araceli 4, Samantha 8, Isabel 5, Viridiana 4, Janet 6, Crystal 6, Cristina 5,
Christina 6, Sandra 6, Paola 5, Natalia 5, Fatima 5, Aylin 3, Yasmin 4, Mayra 6, Itzel 5,
Nayeli 4, Alicia 4, Claudia 5, Julissa 4, Emily 10, Destiny 6, Ana 6, Maria Guadalupe 4,
Maria Elena 2, Ana Maria 2, Maria Isabel 2, Maria Fernanda 2, Maria Jose 1, Abigail 5,
Alexandra 5, Arely 3, Berenice 3, Carolina 5, Celeste 4, Dulce 4, Estefania 3, Giselle 4,
Iris 3, Jazmin 5, Karla 8, Leticia 3, Lesly 3, Lucero 3, Mariana 5, Marlene 3, Miriam 5,
Nataly 3, Noemi 3, Perla 4, Rubi 3, Sofia 4, Vivian 4, Wendy 5, Ximena 2, Yvette 3, Zuleyma 1""",
    ),
    "white": (
        """Michael 60, David 50, James 45, John 45, Robert 45, William 35, Richard 30, Mark 30,
Steven 25, Stephen 12, Thomas 25, Jeffrey 22, Scott 18, Daniel 20, Kevin 18, Brian 18,
Timothy 16, Paul 16, Kenneth 14, Gregory 14, Joseph 18, Christopher 18, Charles 15, Gary 12,
Eric 12, Donald 10, Ronald 10, Douglas 10, Todd 8, Jeffery 4, Larry 8, Dennis 8, Randy 6,
Keith 8, Craig 6, Matthew 14, Jason 14, Patrick 8, Anthony 8, Terry 5, Bruce 5, Greg 3,
Rick 2, Steve 3, Dean 4, Troy 5, Chad 4, Brad 3, Shawn 5, Kurt 3, Darren 3, Wayne 4,
Frank 5, Peter 6, Philip 4, Raymond 6, Jerry 5, Roger 4, Russell 5, Andrew 8, Joel 4, Sean 6,
Jon 3, Alan 4, Carl 3, Edward 6, Glenn 3, Jay 3, Jim 2, Kyle 2, Lance 2, Marc 3, Neil 3,
Nathan 3, Rodney 3, Shane 3, Travis 3, Trevor 2, Vincent 3, Walter 2""",
        """Mary 30, Susan 25, Lisa 35, Karen 25, Patricia 15, Linda 18, Kimberly 25, Jennifer 35,
Michelle 25, Elizabeth 18, Deborah 12, Julie 18, Laura 16, Cynthia 12, Christine 14,
Sandra 10, Donna 10, Nancy 10, Barbara 8, Kelly 14, Tammy 10, Teresa 8, Angela 14, Amy 18,
Melissa 16, Lori 10, Denise 10, Pamela 10, Cheryl 8, Debra 10, Brenda 8, Tina 8, Dawn 8,
Heather 12, Stephanie 10, Rebecca 10, Carol 6, Diane 8, Janet 6, Catherine 6, Katherine 6,
Kathleen 8, Margaret 6, Anne 4, Ann 5, Sharon 6, Theresa 6, Wendy 8, Shannon 8, Stacy 8,
Tracy 8, Kristin 5, Jill 6, Heidi 6, Robin 5, Sherri 3, Colleen 4, Rachel 8, Amanda 8,
Sarah 10, Jessica 6, Andrea 6, April 4, Beth 3, Carrie 5, Christina 6, Dana 5, Erin 5,
Holly 4, Jodi 3, Julia 3, Kristen 4, Leslie 4, Monica 4, Nicole 6, Renee 4, Shelly 3,
Stacey 4, Suzanne 3, Tiffany 3, Valerie 4, Victoria 3, Vicki 3""",
        """Michael 40, Christopher 30, Matthew 30, Joshua 25, Andrew 25, Daniel 25, Ryan 25,
Tyler 25, Jacob 25, Nicholas 20, Brandon 18, Kyle 18, Justin 18, Austin 18, Zachary 15,
Joseph 18, David 18, James 20, John 15, Robert 12, William 15, Anthony 10, Kevin 10,
Jonathan 10, Jordan 10, Dylan 12, Ethan 15, Noah 10, Logan 10, Cody 10, Connor 10, Sean 8,
Alexander 10, Benjamin 12, Samuel 10, Nathan 10, Aaron 8, Adam 8, Eric 6, Jason 6, Steven 6,
Stephen 4, Thomas 8, Jake 4, Cameron 8, Garrett 5, Hunter 8, Trevor 6, Travis 5, Dustin 5,
Evan 8, Luke 8, Mason 8, Aidan 5, Caleb 8, Gavin 6, Brian 5, Jeffrey 4, Mark 4, Scott 3,
Patrick 5, Timothy 5, Kenneth 3, Richard 4, Charles 4, Derek 4, Chase 5, Blake 5, Spencer 5,
Tanner 5, Colin 4, Jared 5, Jesse 4, Shane 3, Max 4, Owen 6, Wyatt 5, Hayden 4, Jack 6,
Brett 3, Bryce 4, Carson 3, Cole 4, Devin 4, Drew 2, Grant 3, Ian 5, Isaac 4, Jeremy 4,
Jesse 3, Kaden 2, Liam 4, Nolan 3, Parker 3, Peter 3, Riley 3, Seth 4, Shawn 3, Trent 2""",
        """Jessica 25, Ashley 30, Sarah 25, Emily 25, Samantha 22, Amanda 18, Elizabeth 15,
Megan 18, Hannah 18, Lauren 18, Taylor 15, Nicole 14, Rachel 12, Brittany 14, Stephanie 10,
Kayla 12, Jennifer 8, Alexis 10, Madison 15, Courtney 8, Amber 8, Danielle 8, Rebecca 8,
Chelsea 8, Heather 5, Melissa 6, Kimberly 5, Katherine 8, Catherine 5, Kathryn 5, Abigail 8,
Olivia 10, Emma 10, Sydney 8, Morgan 8, Haley 8, Hailey 6, Alyssa 10, Natalie 8, Victoria 8,
Allison 6, Kelsey 8, Shelby 6, Brianna 5, Anna 8, Grace 6, Chloe 6, Mackenzie 5, Kaitlyn 5,
Caitlin 5, Katelyn 4, Jenna 5, Erin 4, Kristen 3, Lindsey 4, Kelly 3, Christina 3,
Michelle 4, Julia 5, Jordan 3, Sierra 5, Paige 5, Madeline 5, Ava 5, Isabella 5, Sophia 5,
Lily 4, Molly 4, Claire 4, Audrey 4, Savannah 5, Alexandra 5, Mary 3, Sara 4, Bailey 3,
Brooke 5, Cassandra 3, Delaney 2, Erica 3, Gabrielle 3, Jasmine 3, Kylie 4, Leah 4, Mikayla 3,
Natasha 2, Riley 3, Shannon 2, Tiffany 3, Vanessa 3, Whitney 3, Zoe 3, Marissa 4, Makayla 3""",
    ),
    "black": (
        """James 30, Michael 30, Robert 20, Anthony 20, Kevin 15, Darryl 10, Derrick 10,
Reginald 8, Curtis 8, Willie 8, Tony 8, Eric 10, Keith 10, Ronald 10, Gregory 8, Kenneth 10,
Andre 8, Marcus 8, Terrence 6, Cedric 5, Lamont 4, Darnell 5, Leonard 5, Larry 6, Carl 5,
Calvin 5, Jerome 5, Maurice 6, Vincent 5, Charles 8, Tyrone 5, Rodney 6, Dwayne 5, Gerald 4,
Byron 3, Clarence 3, Harold 3, Samuel 4, Walter 4, William 8, John 8, Johnny 3, David 10""",
        """Angela 15, Tonya 8, Kimberly 12, Michelle 12, Stephanie 8, Lisa 10, Sharon 6, Tanya 6,
Yolanda 6, Monique 6, Felicia 6, Denise 8, Patricia 8, Tamika 5, LaToya 4, Shawna 3, Karen 8,
Gwendolyn 3, Valerie 5, Sheila 5, Wanda 5, Cynthia 6, Dorothy 3, Regina 5, Yvette 4, Rhonda 5,
Vanessa 5, Tiffany 5, Erica 5, Keisha 4, Andrea 4, Carla 3, Crystal 4, Jacqueline 4, Latasha 3,
Lakisha 2, Nicole 5, Pamela 5, Renee 4, Sabrina 3, Tracy 4, Veronica 3""",
        """Michael 20, Christopher 18, Brandon 15, Anthony 15, Jordan 12, Justin 12, Joshua 12,
Isaiah 10, Jalen 8, Darius 6, Marcus 8, Malik 6, DeShawn 4, Deandre 5, Terrell 4, Xavier 6,
Elijah 8, Jamal 5, Andre 5, Kenneth 4, Jaylen 6, Tyrone 2, Cameron 6, Jonathan 6, Devin 6,
Dominic 4, Trevon 3, Darnell 2, Kevin 6, Aaron 5, Jeremiah 6, Isaac 4, Tyler 6, William 6,
James 8, Robert 5, Cedric 2, Demetrius 3, Jerome 2, Daniel 6, David 6, Josiah 4, Khalil 3,
Marquis 3, Quentin 2, Rashad 2, Terrance 3, Tremaine 2, Zion 3""",
        """Jasmine 15, Brianna 12, Destiny 10, Aaliyah 8, Imani 8, Diamond 8, Kiara 6, Ebony 4,
Tiana 6, Ashley 10, Jessica 8, Brittany 8, Alexis 8, Taylor 6, Erica 5, Kayla 8, Jada 6, Nia 5,
Aisha 4, Ciara 4, Tiara 4, Monique 3, Keisha 2, Raven 4, Janae 3, Asia 3, Dominique 4, Tierra 3,
Morgan 4, Crystal 4, Danielle 5, Amber 4, Courtney 5, Kennedy 4, Jordan 3, Maya 4, Zoe 3,
Alexandria 3, Bria 2, Chanel 2, Deja 3, Essence 2, India 2, Jazmine 3, Kendra 3, Makayla 3,
Naomi 4, Sierra 3, Simone 3, Trinity 3""",
    ),
    "vietnamese": (
        """Hung 20, Minh 20, Tuan 20, Dung 15, Thanh 20, Long 10, Hai 10, Son 10, Quang 10, Nam 10,
Phuong 6, Binh 10, Cuong 10, Duc 10, Hoang 8, Khanh 8, Vinh 8, Trung 8, Hieu 8, Phong 6,
Thang 8, Loc 6, Tam 8, Hoa 5, Tony 6, Peter 5, John 4, David 4, Michael 4, Joseph 4, Paul 4""",
        """Lan 15, Huong 15, Mai 15, Thuy 15, Linh 10, Hoa 10, Hanh 10, Nga 10, Thu 10, Trang 8,
Ngoc 10, Hong 10, Phuong 10, Thao 8, Loan 8, Hien 8, Dung 6, Tuyet 6, Van 6, Kim 8, Yen 8,
Nhung 6, Diep 4, Oanh 4, Mary 4, Anna 3, Lisa 3, Jenny 3, Julie 3, Teresa 3""",
        """Kevin 15, Tony 10, David 12, Andrew 10, Kenny 6, Jimmy 6, Peter 6, Vincent 8, Henry 8,
Danny 6, Brian 8, Tommy 5, Johnny 5, Michael 10, Daniel 10, Minh 8, Tuan 6, Duy 6, Khoa 6,
Bao 6, Huy 8, Long 5, Nhan 4, Phuc 4, Thinh 4, Quan 4, Vu 4, Anthony 8, Brandon 6, Steven 6,
Jason 8, Justin 8, Ryan 6, Eric 6, Alex 5, Calvin 5, Derek 4, Dennis 4, Jonathan 6, Kenneth 5""",
        """Tiffany 12, Jennifer 12, Vivian 10, Michelle 10, Christine 8, Nancy 6, Tina 6, Linda 5,
Amy 8, Jenny 8, Cindy 6, Kimberly 8, Vy 8, Linh 6, Trang 5, Thao 5, Ngoc 4, My 5, Anh 6,
Nhi 5, Uyen 4, Tram 4, Quynh 4, Hanh 3, Jessica 8, Angela 6, Annie 5, Julie 6, Emily 8,
Vanessa 6, Jacqueline 5, Kathy 4, Lily 5, Melissa 5, Stephanie 6, Tammy 3, Victoria 4, Yvonne 3""",
    ),
    "chinese": (
        """Wei 10, Ming 10, Jian 8, Hong 6, Kwok 4, Wai 6, Kin 4, Peter 10, David 12, Michael 10,
Tony 8, Jimmy 6, Kenneth 8, Raymond 8, Eddie 5, Jason 6, Frank 6, Henry 8, Alan 6, Tom 4,
Jun 6, Yong 5, Gang 3, Stanley 5, Albert 5, Gordon 4, Philip 4, Simon 5, Victor 5, Wing 4""",
        """Mei 10, Li 8, Ying 8, Hui 6, Jing 6, Lan 5, Xiao 4, Yan 8, Wendy 8, Grace 8, Amy 8,
Helen 10, Linda 8, Susan 8, Lily 6, Jenny 6, Annie 6, May 6, Winnie 6, Cindy 6, Shirley 5,
Alice 6, Elaine 5, Connie 5, Irene 5, Joyce 5, Judy 5, Karen 5, Rebecca 4, Sandy 4, Teresa 4""",
        """Kevin 12, Jason 10, Justin 10, Eric 10, Brian 8, Andrew 10, Ryan 8, Daniel 10,
Jonathan 8, Alex 6, Kenneth 6, Vincent 6, Derek 6, Calvin 6, Ethan 6, Jeffrey 6, Matthew 8,
Tony 5, Wei 4, Hao 4, Jun 4, Yi 3, Zheng 2, Bo 2, Alan 5, Allen 5, Anthony 5, Benjamin 5,
Brandon 5, Darren 4, Edward 4, Gordon 3, Ivan 4, Jacky 3, Jerry 4, Johnny 3, Leo 4, Nelson 4,
Raymond 4, Samuel 4, Steven 6, Terry 3, Timothy 4, William 5, Zhi 2""",
        """Jennifer 10, Michelle 10, Vivian 10, Christine 8, Tiffany 8, Angela 8, Emily 10,
Grace 8, Jessica 8, Karen 6, Stephanie 8, Jenny 6, Amy 6, Winnie 5, Cindy 5, Sophia 6,
Joyce 5, Ying 3, Xin 3, Yue 3, Jia 3, Yu 3, Wen 3, Alice 6, Annie 5, Catherine 5, Cheryl 4,
Crystal 4, Elaine 4, Esther 4, Hannah 5, Irene 4, Jasmine 5, Joanne 4, Kelly 5, Kimberly 5,
Lily 5, Mandy 3, Melody 4, Natalie 5, Olivia 4, Rachel 5, Sharon 3, Tina 4, Wendy 4""",
    ),
    "korean": (
        """Young 8, Sung 8, Jae 6, Jin 6, Dong 4, Sang 6, Chang 4, Hyun 4, Kyung 4, Jong 4,
John 8, Paul 8, Daniel 6, Peter 6, Joseph 6, Steve 4, David 8, James 6, Sung Ho 3, Jae Hyun 3,
Young Jin 3, Min Soo 2, Chul 3, Seung 4, Yong 4""",
        """Young 6, Mi 4, Eun 4, Hye 4, Sun 5, Kyung 4, Jung 4, Grace 8, Esther 6, Sarah 6,
Christine 5, Julie 6, Susan 6, Mi Young 4, Eun Ju 3, Soo Jin 4, Hyun Joo 3, Jenny 4, Helen 5,
Jane 4, Jennifer 5, Kelly 4, Sunny 3, Yoon 2, Min 3""",
        """David 12, Daniel 12, Joseph 8, Andrew 10, Samuel 8, Brian 8, Paul 6, Justin 8,
James 6, Eric 6, John 6, Joshua 6, Jason 6, Sean 6, Jonathan 6, Peter 5, Min Jun 2,
Ji Hoon 2, Jae Won 2, Kevin 8, Michael 6, Steven 5, Timothy 4, Richard 3, Hyun Woo 2,
Alex 4, Chris 3, Edward 3, Isaac 4, Jacob 4, Matthew 5, Nathan 4, Ryan 5""",
        """Grace 10, Esther 8, Christine 8, Jennifer 8, Michelle 8, Sarah 8, Rachel 6, Hannah 8,
Joanne 5, Julie 6, Angela 5, Jessica 6, Ji Young 3, Soo Jin 2, Min Ji 2, Yuna 3, Eunice 4,
Jenny 5, Stephanie 6, Catherine 4, Erica 4, Irene 4, Janice 3, Joy 3, Katie 3, Lydia 4,
Rebecca 4, Sophia 4, Sunny 3, Yujin 2, Seo Yeon 2""",
    ),
    "filipino": (
        """Jose 10, Rodolfo 6, Romeo 6, Ernesto 6, Rolando 6, Reynaldo 6, Eduardo 6, Jun 5, Rey 5,
Danilo 5, Ramon 5, Arnel 4, Edgardo 4, Antonio 6, Manuel 6, Rogelio 4, Marlon 4,
Ferdinand 4, Nestor 4, Alfredo 4, Rodel 3, Joel 5, Dennis 5, Roberto 5, Ricardo 5,
Virgilio 3, Wilfredo 3, Benjamin 4, Mario 4, Renato 4""",
        """Maria 12, Ma. Cristina 3, Rosario 6, Teresita 5, Cristina 6, Marites 4, Maricel 5,
Evelyn 6, Elizabeth 6, Lourdes 5, Remedios 4, Gloria 5, Erlinda 4, Marilou 4, Lorna 4,
Leticia 4, Josephine 6, Ruby 5, Jocelyn 5, Rowena 4, Grace 5, Jennifer 5, Analyn 3, Marivic 3,
Maria Theresa 4, Ma. Luisa 2, Rosalinda 3, Imelda 3, Cecilia 4, Editha 3""",
        """Christian 10, John Paul 6, Mark 8, John 8, Jerome 6, Kenneth 6, Justin 8, Jayson 5,
Joshua 8, Ryan 8, Jan 3, Paolo 4, Carlo 4, Miguel 5, Angelo 6, Gian 3, Bryan 6, Kyle 6,
Nathaniel 5, Adrian 6, Jericho 3, John Carlo 3, Mark Anthony 4, Jeffrey 4, Michael 6,
Daniel 6, Jonathan 5, Joseph 5, Vincent 5, Patrick 5""",
        """Nicole 10, Kristine 6, Angelica 8, Joanna 5, Mary Grace 4, Camille 6, Patricia 6,
Jasmine 8, Bianca 6, Alyssa 8, Kimberly 6, Princess 3, Jessa 3, Hazel 3, Kathleen 5,
Czarina 2, Trisha 4, Andrea 5, Erica 5, Francesca 3, Mary Joy 3, Danica 4, Jamie 4,
Janelle 4, Jennifer 5, Katrina 5, Kristina 5, Samantha 5, Stephanie 5, Vanessa 5""",
    ),
    "indian": (
        """Raj 6, Rajesh 8, Suresh 6, Ramesh 6, Sanjay 6, Vijay 6, Anil 6, Sunil 5, Ashok 5,
Amit 6, Manoj 5, Harpreet 5, Gurpreet 5, Jaswinder 4, Mohammed 5, Kamal 3, Ravi 6, Deepak 5,
Satish 4, Balwinder 4, Kulwinder 4, Sukhwinder 4, Paramjit 3, Srinivas 4, Venkat 4""",
        """Sunita 6, Anita 6, Priya 6, Neha 5, Pooja 5, Kavita 6, Rekha 5, Meena 5, Asha 5,
Harjit 4, Manjit 4, Jaspreet 4, Sarbjit 4, Shilpa 5, Geeta 5, Lakshmi 5, Fatima 4, Nirmala 3,
Rajinder 3, Kamaljit 3, Padma 4, Usha 4, Sangeeta 4, Swati 4, Radha 3""",
        """Arjun 8, Rahul 8, Rohan 8, Nikhil 6, Aditya 6, Karan 6, Vikram 5, Harpreet 4,
Gurpreet 4, Jaskaran 5, Amandeep 4, Ravi 4, Sahil 5, Akash 5, Varun 5, Sameer 4, Neil 5,
Dev 4, Ryan 4, Arun 4, Ajay 4, Anmol 3, Gurjot 3, Manpreet 4, Navjot 3, Pranav 4, Rishi 4""",
        """Priya 8, Anjali 6, Pooja 6, Neha 5, Simran 8, Navneet 5, Harleen 5, Jasmine 5, Riya 6,
Shreya 6, Divya 6, Kavya 5, Nisha 5, Sonia 5, Ananya 5, Maya 4, Diya 4, Isha 5, Amanpreet 4,
Gurleen 4, Jasleen 4, Manpreet 4, Mansi 3, Prabhjot 3, Ritika 4, Sanjana 4, Tanvi 3""",
    ),
    "mideast": (
        """Armen 8, Aram 6, Hovik 4, Vahe 5, Tigran 5, Arman 5, Ara 5, Sarkis 4, Raffi 4, Ali 8,
Mohammad 8, Ahmad 6, Omar 5, Hassan 5, Reza 6, Amir 5, Kourosh 3, Dariush 3, Sam 4, Tony 4,
George 6, Karen 4, Levon 4, Ashot 4, Gagik 3, Hamid 4, Mehdi 3, Nabil 3, Samir 4, Khaled 3""",
        """Anahit 6, Lilit 4, Armine 5, Lusine 5, Gayane 5, Hasmik 5, Karine 5, Arpi 4, Mariam 6,
Fatima 6, Leila 5, Sara 5, Nazanin 3, Shirin 4, Roya 4, Nour 3, Layla 4, Yasmin 4, Anna 5,
Marine 4, Nelli 4, Siranush 3, Zara 4, Maryam 5, Mina 4, Parisa 3, Rana 3""",
        """Narek 6, Davit 5, Gor 4, Arman 6, Tigran 5, Aram 5, Raffi 4, Armen 4, Erik 4, Edgar 4,
Hayk 4, Mher 3, Ali 6, Mohammad 6, Ahmad 5, Omar 6, Hassan 4, Amir 6, Adam 5, Yousef 4,
Daniel 5, David 5, Alex 5, Sevak 3, Arsen 3, Karen 3, Samuel 3, Kevin 3, Arya 3, Kian 3""",
        """Ani 6, Nare 4, Mariam 6, Lilit 5, Anahit 4, Sona 4, Tatevik 3, Lusine 4, Gayane 3,
Arpi 3, Fatima 5, Leila 5, Sara 6, Nazanin 3, Shirin 3, Yasmin 5, Layla 5, Nour 4, Maryam 4,
Diana 5, Elena 4, Lena 4, Milena 4, Natalie 4, Sofia 4, Angela 4, Zara 3, Dina 3, Rima 3""",
    ),
    "hmong": (
        """Kou 6, Tou 6, Chue 4, Pheng 4, Neng 4, Fue 4, Cha 4, Chong 5, Ge 3, Pao 4, Nou 3,
Teng 4, Xai 3, Yia 4, Vang 3, Lue 3, Toua 3, Seng 3, Txhiaj 1""",
        """Mai 8, Pa 6, Yer 4, Nou 5, Xee 4, Kia 4, Bao 4, Chia 5, Der 3, Ia 3, Mee 4, Maiyer 3,
Pang 4, See 3, Shoua 3, Yee 3, Zoua 3, Youa 3""",
        """Kou 4, Tou 4, Pheng 3, Chong 4, Fue 3, Johnny 4, Kevin 5, Tony 5, Jimmy 4, Brandon 4,
Steven 4, Justin 4, Tommy 3, Alex 4, Nathan 3, Eric 4, Leng 3, Ger 3, Michael 4, Daniel 4""",
        """Mai 5, Pa 3, Maiyer 3, Nou 3, Kia 3, Chia 3, Linda 4, Jennifer 4, Nancy 4, Mary 4,
Cindy 4, Amy 4, Michelle 4, Sheng 3, Pahoua 2, Bao 3, Kalia 3, Jessica 4, Stephanie 4, Ashley 4""",
    ),
}

# Middle names by group and sex, beside the first-name tables. Hispanic and most Asian
# applicants often give none (decided in make.py).
MIDDLE = {
    "white": (
        """Michael 20, James 20, Lee 12, Allen 10, Ray 8, Wayne 6, Joseph 14, Thomas 10, David 12,
Edward 8, Scott 6, Alan 6, Paul 8, Dean 4, Robert 10, John 12, William 10, Christopher 8,
Anthony 8, Daniel 8, Matthew 8, Ryan 6, Andrew 6, Jacob 5, Alexander 8, Patrick 5, Charles 5,
Eugene 3, Francis 3, Gene 2, Henry 4, Jay 4, Lawrence 3, Louis 4, Richard 5, Steven 4""",
        """Marie 25, Ann 18, Lynn 15, Nicole 12, Elizabeth 18, Michelle 12, Renee 8, Rose 10,
Jean 8, Louise 6, Kay 5, Lee 5, Grace 8, Danielle 5, Christine 6, Anne 10, Leigh 4, Mae 4,
Jo 3, Rae 3, Elaine 4, Dawn 3, Alexandra 3, Jane 5, Catherine 4, Rachel 3, Victoria 4,
Diane 3, Kathleen 3, Lauren 3, Margaret 3, Nichole 2, Suzanne 2""",
    ),
    "vietnamese": (
        "Van 50, Minh 10, Duc 8, Quoc 8, Thanh 8, Huu 6, Hoang 5, Ngoc 3, Tan 3",
        "Thi 55, Ngoc 12, Thanh 6, Kim 8, Thu 5, My 4, Bich 3, Hong 4, Phuong 4",
    ),
}

# Within-group compounds for Hispanic applicants: "Maria X" / "Jose X" first names.
COMPOUND_HEAD = {"M": "Jose 6, Juan 4, Luis 1, Jesus 1", "F": "Maria 8, Ana 2, Rosa 1"}

# --- Places: city|weight|area codes|group multipliers for that city, then its ZIPs indented ---

CITIES = """
Los Angeles|110|213 323 310 818 747|korean 2, black 1.5, mideast 1.3
    90001 90002 90003 90011 90019 90026 90031 90032 90033 90042 90044 90063 90065 90006 90004
San Diego|40|619 858|filipino 2
    92101 92102 92105 92113 92114 92115 92117 92126 92139 92154 92111 92104
San Jose|30|408 669|vietnamese 4, indian 2, chinese 2
    95110 95111 95112 95116 95121 95122 95123 95127 95128 95148
San Francisco|22|415 628|chinese 4, filipino 2
    94102 94103 94110 94112 94117 94121 94122 94124 94134 94109
Fresno|16|559|hmong 15, indian 2, hispanic 1.3
    93701 93702 93703 93704 93705 93706 93710 93711 93720 93722 93726 93727
Sacramento|16|916 279|hmong 5, black 1.5, indian 1.5
    95811 95814 95815 95817 95818 95820 95822 95823 95824 95828 95831 95838
Long Beach|14|562|black 1.5, filipino 1.5
    90802 90804 90805 90806 90810 90813
Oakland|13|510 341|black 3, chinese 2.5
    94601 94602 94603 94605 94606 94607 94610 94621
Bakersfield|12|661|indian 2
    93301 93304 93305 93306 93307 93308 93309 93311 93312
Anaheim|11|714 657|hispanic 1.2, mideast 1.5
    92801 92802 92804 92805 92806
Santa Ana|10|714 657|hispanic 1.8, vietnamese 2
    92701 92703 92704 92705 92706 92707
Riverside|10|951|
    92501 92503 92504 92505 92506 92507 92508
Stockton|10|209|hmong 5, indian 3, filipino 2
    95202 95203 95204 95205 95206 95207 95210 95219
Irvine|9|949|chinese 3, korean 3, indian 2, mideast 2
    92602 92603 92604 92606 92612 92614 92618 92620
Chula Vista|9|619|hispanic 1.4, filipino 2
    91910 91911 91913 91914 91915
Fremont|8|510|indian 5, chinese 4
    94536 94538 94539 94555
San Bernardino|7|909|hispanic 1.5, black 1.5
    92401 92404 92405 92407 92408 92410 92411
Modesto|7|209|mideast 1.5
    95350 95351 95354 95355 95356 95357 95358
Fontana|7|909|hispanic 1.5
    92335 92336 92337
Oxnard|7|805|hispanic 1.6
    93030 93033 93035 93036
Moreno Valley|7|951|black 2
    92551 92553 92555 92557
Huntington Beach|7|714|white 1.5, vietnamese 1.5
    92646 92647 92648 92649
Glendale|7|818 747|mideast 10, korean 1.5, filipino 2
    91201 91202 91203 91204 91205 91206 91207 91208
Santa Clarita|7|661|white 1.4
    91350 91351 91354 91355 91387 91390
Ontario|6|909|hispanic 1.5
    91761 91762 91764
Elk Grove|6|916 279|indian 2, filipino 2, chinese 2
    95624 95757 95758
Garden Grove|6|714 657|vietnamese 10, korean 2
    92840 92841 92843 92844 92845
Westminster|3|714 657|vietnamese 18
    92683
Oceanside|6|760 442|
    92054 92056 92057 92058
Rancho Cucamonga|6|909|
    91701 91730 91737 91739
Corona|6|951|
    92879 92880 92881 92882 92883
Lancaster|6|661|black 2
    93534 93535 93536
Palmdale|6|661|hispanic 1.3, black 1.5
    93550 93551 93552
Salinas|5|831|hispanic 1.8, filipino 1.5
    93901 93905 93906 93907 93908
Pomona|5|909|hispanic 1.5
    91766 91767 91768
Hayward|5|510|filipino 2, indian 1.5
    94541 94542 94544 94545
Escondido|5|760 442|
    92025 92026 92027 92029
Sunnyvale|5|408 669|indian 4, chinese 3
    94085 94086 94087 94089
Torrance|5|310 424|korean 3, chinese 2
    90501 90502 90503 90504 90505
Pasadena|5|626|mideast 2, chinese 1.5
    91101 91103 91104 91105 91106 91107
Orange|5|714 657|
    92865 92866 92867 92868 92869
Fullerton|5|714 657|korean 3
    92831 92832 92833 92835
Visalia|4|559|
    93277 93291 93292
Santa Rosa|5|707|white 1.6
    95401 95403 95404 95405 95407 95409
El Monte|4|626|chinese 4, vietnamese 2
    91731 91732 91733
Monterey Park|2|626 323|chinese 12
    91754 91755
Downey|4|562|hispanic 1.6
    90240 90241 90242
Inglewood|4|310 424|black 5
    90301 90302 90303 90304 90305
Compton|3|310 424|black 3, hispanic 1.4
    90220 90221 90222
West Covina|4|626|filipino 2, chinese 2
    91790 91791 91792
Norwalk|3|562|hispanic 1.6
    90650
Cerritos|2|562|korean 4, filipino 4, indian 2
    90703
Daly City|3|650|filipino 10, chinese 2
    94014 94015
Merced|3|209|hmong 12
    95340 95341 95348
Chico|3|530|white 1.8
    95926 95928 95973
Redding|3|530|white 2.2
    96001 96002 96003
Yuba City|2|530|indian 10
    95991 95993
San Mateo|3|650|chinese 2, filipino 2
    94401 94402 94403
Santa Barbara|3|805|
    93101 93103 93105 93109 93110 93111
Ventura|3|805|
    93001 93003 93004
Vallejo|3|707|filipino 5, black 2
    94589 94590 94591
Berkeley|3|510 341|chinese 2, indian 1.5
    94702 94703 94704 94705 94709
Richmond|3|510 341|black 2, hispanic 1.4
    94801 94804 94805 94806
El Cajon|3|619|mideast 6
    92019 92020 92021
Victorville|4|760 442|hispanic 1.3, black 1.5
    92392 92394 92395
Indio|3|760 442|hispanic 2
    92201 92203
Temecula|3|951|
    92590 92591 92592
Santa Maria|3|805|hispanic 1.8
    93454 93455 93458
Clovis|3|559|hmong 3, indian 2
    93611 93612 93619
Watsonville|2|831|hispanic 2.2
    95076
Eureka|1|707|white 2
    95501 95503
Hanford|2|559|
    93230
Union City|2|510|filipino 4, indian 3, chinese 2
    94587
Milpitas|2|408 669|vietnamese 3, chinese 3, indian 3, filipino 2
    95035
"""

STREETS = """
Main 10, Oak 8, Pine 6, Maple 6, Cedar 6, Elm 5, Walnut 6, Washington 6, Lincoln 6,
Jefferson 4, Park 6, Lake 4, Hill 3, Mission 5, El Camino Real 3, Broadway 4, Sunset 4,
Vista 3, Olive 5, Orange 5, Lemon 3, Palm 4, Sierra 4, Foothill 4, Valley 4, Chestnut 3,
Sycamore 4, Willow 4, Magnolia 4, Santa Fe 3, San Pablo 2, Alameda 3, La Brea 1, Figueroa 2,
Vermont 2, Western 3, Central 3, Florence 2, Manchester 2, Imperial 2, Euclid 3, Harbor 3,
Bristol 2, Beach 3, Ocean 2, Pacific 3, Shaw 2, Blackstone 2, Kings Canyon 1, Bullard 1,
Herndon 1, Stockton 2, Howe 1, Fair Oaks 2, Watt 1, Florin 1, Franklin 3, Grand 3, Palomar 2,
University 3, College 3, Monterey 3, Story 1, Tully 1, King 2, Capitol 1, White 2, Alum Rock 1,
Bascom 1, Winchester 2, Stevens Creek 1, De Anza 2, Saratoga 1, First 5, Second 4, Third 4,
Fourth 3, Fifth 3, Sixth 3, Seventh 2, Eighth 2, Ninth 2, Tenth 2, Garfield 2, Grant 2,
Madison 3, Adams 2, Jackson 2, Monroe 2, Cherry 3, Birch 3, Juniper 2, Laurel 3, Poplar 2,
Redwood 3, Sequoia 2, Aspen 2, Cypress 3, Hawthorne 2, Acacia 2, Orchard 3, Meadow 2,
Rose 2, Sunflower 1, Canyon 2, Ridge 2, Mountain View 2, Glenwood 2, Woodland 2, Fairview 2,
Highland 3, Riverside 2, Del Mar 2, San Juan 2, Santa Clara 2, Santa Rosa 1, Los Robles 1,
Las Palmas 1, La Paloma 1, Camino Del Sol 1, Via Verde 1, Alta Vista 1, Buena Vista 2,
Mariposa 2, Manzanita 2, Cabrillo 1, Portola 1, Serra 1, Kern 1, Tulare 1, Merced 1
"""

STREET_TYPES = "St 30, Ave 28, Dr 12, Blvd 6, Rd 8, Way 6, Ln 4, Ct 4, Pl 2"
STREET_TYPE_LONG = {
    "St": "Street",
    "Ave": "Avenue",
    "Dr": "Drive",
    "Blvd": "Boulevard",
    "Rd": "Road",
    "Way": "Way",
    "Ln": "Lane",
    "Ct": "Court",
    "Pl": "Place",
}
DIRECTION_LONG = {"N": "North", "S": "South", "E": "East", "W": "West"}

# --- Variants a second clerk or the applicant produces ---

# Spellings of one first name that people write for each other.
FIRST_VARIANTS = """
Katherine Catherine Kathryn Kathrine Katharine Cathryn
Steven Stephen Stevan
Jeffrey Jeffery Geoffrey
Sara Sarah
Brian Bryan Brayan
Eric Erik Erick
Kristen Kristin Christen Kirsten
Caitlin Kaitlyn Katelyn Kaitlin Caitlyn
Hailey Haley Haylee Hayley
Ashley Ashlee Ashleigh
Christian Cristian Kristian
Jasmine Jazmin Jazmine Yasmin Yazmin Jasmin
Yesenia Jesenia
Jacqueline Jaqueline Jacquelin Jackeline
Isabel Isabelle Ysabel Izabel
Jonathan Jonathon Johnathan Johnathon
Michael Micheal
Allison Alison Allyson
Vanessa Venessa
Jocelyn Joselyn Jocelin Yoselin
Briana Brianna Breanna Bryanna
Kayla Kaila Cayla
Mackenzie McKenzie Makenzie
Erika Erica
Cristina Christina Kristina
Kristine Christine Cristine
Lizbeth Lisbeth Lisbet
Araceli Aracely
Nayeli Nayely
Giovanni Geovanni Jiovanni
Alexis Alexys
Aaron Aron
Shawn Sean Shaun
Philip Phillip
Matthew Mathew
Nicholas Nicolas Nickolas
Zachary Zachery Zackary
Tiffany Tiffani
Stephanie Stefanie Stephany
Jennifer Jenifer
Tanya Tania
Karina Carina
Karen Caren
Kimberly Kimberley
Natalie Nataly Natali
Evelyn Evelin
Leslie Lesley Lesly
Destiny Destinee
Aaliyah Aliyah Aleah
Jaylen Jalen Jaylon
Deandre DeAndre
DeShawn Deshawn Dashawn
Tiana Tianna
Kiara Ciara
Mohammed Mohammad Muhammad Mohamed
Ahmad Ahmed
Hassan Hasan
Gurpreet Gurprit
Harpreet Harprit
Jaswinder Jasvinder
Huong Houng
Phuong Phoung
Davit David
Marisol Marysol
Yvette Ivette
Esmeralda Ezmeralda
Jesse Jessie
Adrian Adrien
Julissa Julisa
Elizabeth Elisabeth
Rebecca Rebekah
Makayla Mikayla Michaela
Madeline Madeleine Madelyn
"""

# Surname spellings: name -> spellings written for it.
SURNAME_VARIANTS = """
Nguyen Ngyuen Nguyn Nugyen Nguen Ngueyn
Hernandez Hernandes Hernadez
Gonzalez Gonzales Gonzalas
Gonzales Gonzalez
Rodriguez Rodrigues Rodriquez
Vasquez Vazquez Vasques
Vazquez Vasquez
Velasquez Velazquez Velasques
Ramirez Ramires
Martinez Martines Martinex
Perez Peres
Chavez Chaves
Alvarez Alvares
Sanchez Sanches
Valdez Valdes
Cortez Cortes
Juarez Juares
Mendez Mendes
Ibarra Ybarra
Ybarra Ibarra
Villalobos Villalovos
Bautista Batista Baptista
Huynh Huyn Huynk
Truong Troung
Thompson Thomson Tompson
Peterson Petersen
Hansen Hanson
Olson Olsen
Anderson Andersen
Schmidt Schmitt Smidt
McDonald MacDonald Mcdonald
Mendoza Mendosa
Jimenez Jiminez Gimenez
Gutierrez Guiterrez Gutierres
Dominguez Domingues
Cervantes Servantes
Zavala Savala
Vargas Bargas
Villanueva Villaneuva
Guerrero Guerero
Herrera Herera
Carrillo Carillo
Murillo Murrillo
Choi Choe
Park Pak
Jung Chung Jeong
Chung Jung
Yoon Yun
Lim Im
Kang Khang
Singh Sing
Patel Patal
Petrosyan Petrosian
Sargsyan Sarkisian Sargsian
Hakobyan Akopyan Hakopian
Harutyunyan Arutyunyan Harutunian
Grigoryan Grigorian
Khachatryan Khachatrian
Karapetyan Karapetian
Gevorgyan Gevorkian
Hovhannisyan Hovanesian
Vardanyan Vardanian
Avetisyan Avetisian
Xiong Xiang
Vang Vange
Dela Cruz De La Cruz Delacruz
De La Cruz Dela Cruz Delacruz
De Guzman Deguzman
Del Rosario Delrosario
"""

# Nicknames and everyday forms people write on a form.
NICKNAMES = """
William Will Bill Billy Liam
Robert Rob Bob Bobby Robbie
Richard Rick Rich Ricky
Michael Mike Mikey
Christopher Chris
Matthew Matt
Joshua Josh
Nicholas Nick
Jonathan Jon
Zachary Zach Zack
Joseph Joe Joey
Daniel Dan Danny
Anthony Tony
Alexander Alex Xander
Benjamin Ben Benny
Samuel Sam Sammy
Nathan Nate
Nathaniel Nate Nathan
Jacob Jake
Steven Steve
Stephen Steve
Thomas Tom Tommy
James Jim Jimmy Jamie
John Johnny Jack
Edward Ed Eddie
Kenneth Ken Kenny
Timothy Tim
Andrew Andy Drew
Gregory Greg
Jeffrey Jeff
Patrick Pat
Raymond Ray
Ronald Ron Ronnie
Donald Don
Douglas Doug
Gerald Jerry
Philip Phil
Peter Pete
Charles Charlie Chuck
Vincent Vince Vinny
Cameron Cam
Gabriel Gabe
Elijah Eli
Leonardo Leo
Jennifer Jenny Jen
Elizabeth Liz Beth Lizzy Eliza
Katherine Kate Katie Kathy Kat
Catherine Cathy Cate Katie
Kathryn Kate Katie Kathy
Kathleen Kathy Kate
Samantha Sam Sammy
Alexandra Alex Lexi
Alexis Lexi Alex
Rebecca Becky Becca
Jessica Jess Jessie
Stephanie Steph
Kimberly Kim
Victoria Vicky Tori
Margaret Maggie Peggy Meg
Deborah Debbie Deb
Debra Debbie
Patricia Patty Trish Tricia
Christina Tina Christy
Christine Chris Christy
Abigail Abby
Madeline Maddie
Madison Maddie
Melissa Missy Mel
Amanda Mandy
Cynthia Cindy
Susan Sue Susie
Pamela Pam
Theresa Terri Tess
Jacqueline Jackie
Natalie Nat
Gabriela Gaby Gabby
Gabrielle Gabby
Valerie Val
Danielle Dani
Nicole Nikki
Daniela Dani
Angelica Angie
Angela Angie
Isabella Bella
Sophia Sophie
Allison Allie
Jose Joe Pepe
Francisco Frank Paco Frankie
Guadalupe Lupe Lupita
Jesus Jesse Chuy
Alejandro Alex
Eduardo Eddie Lalo
Roberto Beto Robert
Alberto Beto Albert
Enrique Henry Kike
Ignacio Nacho
Manuel Manny
Guillermo Memo William
Rafael Rafa
Antonio Tony
Alejandra Ale Alex
Refugio Cuco
Rosario Chayo
Juan John
Miguel Mike
Luis Louie
Pedro Pete
Ricardo Ricky Richard
Javier Xavier
Jorge George
Rodolfo Rudy
Dolores Lola
Margarita Maggie
Graciela Grace
Leticia Lety
Yolanda Yoli
Maria Mary
Thanh Tony
Minh Jimmy
Huong Helen
Mai May
"""

# Nearby keys on a QWERTY keyboard, for slips of the hand.
KEYBOARD = {
    "a": "qwsz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}

EMAIL_DOMAINS_YOUNG = (
    "gmail.com 62, yahoo.com 8, hotmail.com 6, icloud.com 12, outlook.com 5, live.com 2, "
    "ymail.com 1, aol.com 0.5, att.net 0.5, protonmail.com 0.5"
)
EMAIL_DOMAINS_OLD = (
    "gmail.com 40, yahoo.com 20, hotmail.com 10, icloud.com 6, outlook.com 4, aol.com 6, "
    "sbcglobal.net 5, att.net 3, comcast.net 4, msn.com 1, live.com 1, earthlink.net 0.5, "
    "charter.net 0.5"
)
EMAIL_WORDS = [
    "cali",
    "socal",
    "norcal",
    "soccer",
    "gamer",
    "music",
    "art",
    "lovely",
    "princess",
    "king",
    "queen",
    "baby",
    "lil",
    "its",
    "the",
    "real",
    "official",
    "xo",
    "boo",
    "angel",
    "star",
    "dreamer",
    "smiles",
    "ninja",
    "blue",
    "luna",
    "sol",
    "chivas",
    "lakers",
    "dodgers",
    "niners",
    "warriors",
    "raiders",
    "kings",
    "sharks",
    "bear",
    "wolf",
    "tiger",
    "love",
    "hope",
    "faith",
    "sunny",
    "cookie",
    "bunny",
    "panda",
]
