%% description 2×1 in lot label: the lot as text and as GS1-128 (10)
%% dpi 300
%% size 2x1in
%% field lot lot required
%% barcode (10){lot}
^XA
^FO30,20^A0N,40,40^FDLOT^FS
^FO130,20^A0N,40,40{{lot}}
^FO30,75{{barcode:2,120}}
^FO30,215^A0N,28,28{{barcode_text}}
^XZ
