%% description 4×6 in product label: name, net weight, dates, lot; GS1-128 (01)(3103)(11) and (17)(10)
%%# A GS1-128 symbol carries at most 48 data characters: the element string is split over two symbols.
%% dpi 300
%% size 4x6in
%% field product_name string required max_length=40
%% field gtin gtin required
%% field net_weight_kg weight required decimals=3 min=0.001 max=999.999
%% field production_date date required
%% field expiry_date date required
%% field lot lot required
%% barcode (01){gtin}(3103){net_weight_kg}(11){production_date}
%% barcode lower (17){expiry_date}(10){lot}
^XA
^FO60,60^A0N,70,70^FB1080,2,0,L{{product_name}}
^FO60,250^GB1080,3,3^FS
^FO60,290^A0N,40,40^FDNet weight^FS
^FO60,340^A0N,100,100{{net_weight_kg}}
^FO560,370^A0N,60,60^FDkg^FS
^FO60,500^A0N,40,40^FDProduced^FS
^FO60,550^A0N,60,60{{production_date:dd.MM.yyyy}}
^FO620,500^A0N,40,40^FDUse by^FS
^FO620,550^A0N,60,60{{expiry_date:dd.MM.yyyy}}
^FO60,680^A0N,40,40^FDLot^FS
^FO60,730^A0N,60,60{{lot}}
^FO620,680^A0N,40,40^FDGTIN^FS
^FO620,730^A0N,50,50{{gtin}}
^FO60,860^GB1080,3,3^FS
^FO60,900{{barcode:3,260}}
^FO60,1180^A0N,36,36{{barcode_text}}
^FO60,1290{{barcode_lower:3,260}}
^FO60,1570^A0N,36,36{{barcode_lower_text}}
^XZ
