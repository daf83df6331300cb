/**
 * Common first names in Finland (Finnish and Swedish speakers) and common surnames: enough to
 * find most names people write into feedback ("hoitaja Minna", "tohtori Virtanen"). Names that
 * are also ordinary words (Onni, Toivo, Ilo, Aino?) are only taken beside a title or another name.
 */
export const firstNames = new Set(
  `
aada aapo aaro aatu aino aleksi alexander alina amanda anja anna anne anneli annika anni antero anton antti ari arja armi arto arttu atte
birgitta camilla carl christian daniel eeva eero eetu eino eija eila eini elias elina eliisa elisa elsa emil emilia emma erik erkki esa
esko eveliina hanna hannele hannu harri heidi heikki heli helena helmi henna henrik henri hilkka iida iiris ilkka ilmari inkeri irja irmeli
jaakko jani janne jari jarmo jenni jere jesse joel johanna johannes jonna joni jorma jouni juha juhani jukka julia jussi jyrki kaarina kai
kaija kalle kari karoliina katja kati katri kerttu kimmo kirsi kristiina kyllikki lars lasse laura lauri leena leevi lotta liisa lilja
maarit maija maria marika marja marjatta markku marko markus marja-liisa matias matti mervi merja mia mika mikael mikko milla minna mira
mirja mirjam niina niklas niko noora nea olli oona oskari otto outi paavo paula pauliina pekka pentti petra petri pia pirjo pirkko raija
raimo rasmus reijo riikka riitta risto ronja ruut saana saara sami sanna santeri sari satu seppo siiri simo sini sirpa sofia susanna
suvi taina tanja tapani tapio tarja teemu terhi timo tiina tomi tommi topias tuomas tuomo tuula tuulikki tytti ulla unto valtteri veera
veikko veli ville vilho viljami vivian väinö ylva åsa
`
    .trim()
    .split(/\s+/),
);

export const surnames = new Set(
  `
aaltonen ahonen anttila backman eriksson forsman grönroos hakala halonen hamalainen hämäläinen heikkilä heikkinen heinonen hiltunen
hirvonen holmberg holmström huttunen hyvönen jokinen johansson järvinen kallio karjalainen karppinen kettunen kinnunen kivelä koivisto
koskinen korhonen koski kurki laaksonen laine lahtinen lehtinen lehto lehtonen leinonen leppänen lindberg lindholm lindqvist lindroos
lundqvist manninen mattila miettinen mustonen mäkelä mäkinen nieminen niemi nurmi nyberg ojala peltonen pesonen pitkänen rantanen räsänen
saarinen salminen salo savolainen seppälä siltanen sjöberg söderström tuominen turunen vainio virtanen väisänen wikström
`
    .trim()
    .split(/\s+/),
);

/** Words that put a name after them: "hoitaja Minna", "sjuksköterskan Anna", "Dr Smith". */
export const titles = new Set(
  `
hoitaja hoitajan hoitajalle hoitajaa sairaanhoitaja sairaanhoitajan lääkäri lääkärin lääkärille lääkäriä tohtori tri terveydenhoitaja
terveydenhoitajan fysioterapeutti fysioterapeutin sosiaalityöntekijä sosiaalityöntekijän ohjaaja ohjaajan hammaslääkäri hammaslääkärin
kätilö kätilön lähihoitaja lähihoitajan esihenkilö osastonhoitaja herra rouva neiti
sjuksköterskan sjuksköterska läkaren läkare doktor tandläkaren barnmorskan
nurse doctor dr mr mrs ms miss
`
    .trim()
    .split(/\s+/),
);
