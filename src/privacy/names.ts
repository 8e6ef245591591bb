/**
 * Common Colombian given names and surnames (the most frequent in the civil registry and in public lists),
 * folded to lower case without accents. A value with a given name and a surname among these reads as a
 * person's name; the lists need not be complete, only frequent enough to recognise a column of names.
 */
export const GIVEN_NAMES = new Set(`
maria jose luis carlos juan ana jorge andres diego daniel david camilo felipe sebastian santiago alejandro
jesus manuel antonio francisco pedro miguel angel fernando ricardo javier sergio oscar mauricio eduardo julian
cristian jhon john edwin wilson william hector alberto alvaro gustavo jaime mario rafael enrique hernando
orlando nelson fabio ivan alexander esteban mateo samuel nicolas tomas gabriel emmanuel jhonatan jonathan
brayan kevin stiven steven yeison duvan anderson harold leonardo martin victor hugo rodrigo ruben
luz martha marta gloria sandra claudia patricia carmen rosa diana paola andrea carolina natalia laura
valentina valeria sofia isabella mariana daniela camila alejandra juliana catalina angela monica adriana
liliana beatriz blanca cecilia dora elena esperanza fanny graciela ines isabel janeth johana julia lucia
luisa margarita mercedes nancy nubia olga pilar rocio ruth sara silvia stella teresa yolanda yaneth yenny
yuliana lina paula tatiana viviana ximena gladys marleny amparo consuelo
`.trim().split(/\s+/));

export const SURNAMES = new Set(`
rodriguez gomez gonzalez martinez garcia lopez hernandez sanchez ramirez perez diaz munoz rojas moreno
jimenez vargas castro gutierrez alvarez romero suarez ruiz torres ortiz mendoza castillo rivera silva
herrera medina guerrero cardenas restrepo osorio gil valencia mejia cruz reyes ospina quintero giraldo
morales florez flores salazar arias ramos correa ortega cortes pineda velasquez rincon cano zapata
parra marin acosta franco pena leon montoya aguilar duque vasquez sierra londono escobar bedoya
arango betancur henao carmona rendon agudelo castano guzman beltran caicedo mosquera palacios
murillo cuesta hurtado ceballos bermudez buitrago cifuentes contreras delgado estrada fernandez
galeano galvis garzon gaviria jaramillo lozano mora navarro nieto ochoa orozco otalora pacheco
patino prieto quiroga rueda sarmiento serna sosa tovar trujillo uribe vega vela vergara villa
`.trim().split(/\s+/));
