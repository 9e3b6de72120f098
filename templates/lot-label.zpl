%% description 4×1 in lot label: the lot as text and as GS1-128 (10)
%%# 3-dot modules (0.25 mm at 300 dpi): a 20-character lot of letters is 288 modules, 864 dots, plus quiet zones.
%% dpi 300
%% size 4x1in
%% field lot lot required
%% barcode (10){lot}
^XA
^FO30,15^A0N,40,40^FDLOT^FS
^FO130,15^A0N,40,40{{lot}}
^FO60,65{{barcode:3,160}}
^FO60,240^A0N,30,30{{barcode_text}}
^XZ
