%% description 4×6 in product label with 2D symbols: GS1 DataMatrix (01)(17)(3103)(10) and a GS1 Digital Link QR code
%%# The Data Matrix carries the whole element string (no 48-character limit as in GS1-128); the QR code carries the
%%# same GTIN and lot as a web address any phone opens. 8-dot modules are 0.68 mm at 300 dpi.
%% dpi 300
%% size 4x6in
%% field product_name string required max_length=40
%% field gtin gtin required
%% field net_weight_kg weight required decimals=3 min=0.001 max=999.999
%% field expiry_date date required
%% field lot lot required
%% datamatrix (01){gtin}(17){expiry_date}(3103){net_weight_kg}(10){lot}
%% qrcode link domain=id.example.com (01){gtin}(10){lot}(17){expiry_date}
^XA
^FO60,60^A0N,70,70^FB1080,2,0,L{{product_name}}
^FO60,250^GB1080,3,3^FS
^FO60,290^A0N,40,40^FDNet weight (kg)^FS
^FO60,340^A0N,100,100{{net_weight_kg}}
^FO620,290^A0N,40,40^FDUse by^FS
^FO620,340^A0N,60,60{{expiry_date:dd.MM.yyyy}}
^FO60,500^A0N,40,40^FDLot^FS
^FO60,550^A0N,60,60{{lot}}
^FO620,500^A0N,40,40^FDGTIN^FS
^FO620,550^A0N,50,50{{gtin}}
^FO60,680^GB1080,3,3^FS
^FO100,760{{datamatrix:8}}
^FO700,740{{qrcode:7}}
^FO60,1120^A0N,32,32^FB1080,2,0,L{{datamatrix_text}}
^XZ
