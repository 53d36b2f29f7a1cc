-- A journal of schema 2, as sos-journal wrote it before market blocks (sqlite3 .dump, with the
-- two pragmas .dump leaves out): run 'session' is tests/golden/sos-journal/report-session/stdin,
-- run 'market' the lines of journal_storage_test.cpp's kSchema2Market. Read by that test.
PRAGMA application_id = 1397707594;
PRAGMA user_version = 2;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    started_at REAL NOT NULL,
    ended_at REAL,
    tool_version TEXT NOT NULL,
    command_line TEXT NOT NULL
);
INSERT INTO runs VALUES(1,'session',1796533978.2642462253,1796533978.2921273708,'sos-journal (sos) 0.1.0','sos-journal --db v2.db --run session --sync batch');
INSERT INTO runs VALUES(2,'market',1796533978.3543393611,1796533978.3693511485,'sos-journal (sos) 0.1.0','sos-journal --db v2.db --run market --sync batch');
CREATE TABLE raw (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    ts REAL,
    type TEXT NOT NULL,
    symbol TEXT,
    line TEXT NOT NULL
);
INSERT INTO raw VALUES(1099511627777,1,1,1704685500.0,'CANDLE','RELIANCE','{"type":"CANDLE","timestamp":1704685500,"symbol":"RELIANCE","tf":"1m","o":2499,"h":2501,"l":2498,"c":2500,"v":1000}');
INSERT INTO raw VALUES(1099511627778,1,2,1704686160.0,'SIGNAL','RELIANCE','{"type":"SIGNAL","timestamp":1704686160,"symbol":"RELIANCE","id":"ORB:RELIANCE:1m:1704686100","pattern_id":"ORB","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704686100,"entry":2500,"sl":2490,"tp":2520,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627779,1,3,1704686160.0,'ORDER','RELIANCE','{"type":"ORDER","timestamp":1704686160,"symbol":"RELIANCE","id":"o-ORB-1","signal_id":"ORB:RELIANCE:1m:1704686100","tf":"1m","side":"BUY","qty":100,"order_type":"SL","price":2500,"trigger_price":2500,"product":"MIS","sl":2490,"tp":2520,"strategy":"ORB"}');
INSERT INTO raw VALUES(1099511627780,1,4,1704686400.0,'FILL','RELIANCE','{"type":"FILL","timestamp":1704686400,"symbol":"RELIANCE","order_id":"o-ORB-1","side":"BUY","qty":100,"price":2500.05,"fees":20.35,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627781,1,5,1704686400.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704686400,"symbol":"RELIANCE","qty":100,"avg_price":2500.05,"realized_pnl":0,"unrealized_pnl":0,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627782,1,6,1704687600.0,'SIGNAL','TCS','{"type":"SIGNAL","timestamp":1704687600,"symbol":"TCS","id":"ORB:TCS:1m:1704687540","pattern_id":"ORB","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704687540,"entry":3790,"sl":3770,"tp":3830,"risk":20.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627783,1,7,1704687600.0,'REJECT','TCS','{"type":"REJECT","timestamp":1704687600,"symbol":"TCS","stage":"risk","ref":"ORB:TCS:1m:1704687540","reason":"MAX_POSITIONS","detail":"at most 1 position open"}');
INSERT INTO raw VALUES(1099511627784,1,8,1704688200.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704688200,"symbol":"RELIANCE","qty":100,"avg_price":2500.05,"realized_pnl":0,"unrealized_pnl":495,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627785,1,9,1704689100.0,'FILL','RELIANCE','{"type":"FILL","timestamp":1704689100,"symbol":"RELIANCE","order_id":"o-ORB-1","side":"SELL","qty":100,"price":2520,"fees":25.1,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627786,1,10,1704689100.0,'EXIT','RELIANCE','{"type":"EXIT","timestamp":1704689100,"symbol":"RELIANCE","order_id":"o-ORB-1","reason":"TP","price":2520,"qty":100,"pnl":1949.55,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627787,1,11,1704689100.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704689100,"symbol":"RELIANCE","qty":0,"avg_price":0,"realized_pnl":1949.55,"unrealized_pnl":0,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627788,1,12,1704691800.0,'SIGNAL','INFY','{"type":"SIGNAL","timestamp":1704691800,"symbol":"INFY","id":"VWAP:INFY:1m:1704691740","pattern_id":"VWAP","kind":"pattern","side":"SELL","tf":"1m","candle_ts":1704691740,"entry":1500,"sl":1510,"tp":1480,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627789,1,13,1704691800.0,'ORDER','INFY','{"type":"ORDER","timestamp":1704691800,"symbol":"INFY","id":"o-VWAP-1","signal_id":"VWAP:INFY:1m:1704691740","tf":"1m","side":"SELL","qty":50,"order_type":"SL","price":1500,"trigger_price":1500,"product":"MIS","sl":1510,"tp":1480,"strategy":"VWAP"}');
INSERT INTO raw VALUES(1099511627790,1,14,1704692100.0,'FILL','INFY','{"type":"FILL","timestamp":1704692100,"symbol":"INFY","order_id":"o-VWAP-1","side":"SELL","qty":50,"price":1499.95,"fees":12.4,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627791,1,15,1704694200.0,'FILL','INFY','{"type":"FILL","timestamp":1704694200,"symbol":"INFY","order_id":"o-VWAP-1","side":"BUY","qty":50,"price":1510,"fees":13,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627792,1,16,1704694200.0,'EXIT','INFY','{"type":"EXIT","timestamp":1704694200,"symbol":"INFY","order_id":"o-VWAP-1","reason":"SL","price":1510,"qty":50,"pnl":-527.9,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627793,1,17,1704697200.0,'REJECT','INFY','{"type":"REJECT","timestamp":1704697200,"symbol":"INFY","stage":"match","ref":"VWAP:INFY:1m:1704697140","reason":"REGIME_GATE","detail":"VWAP does not trade in SIDEWAYS","pattern_id":"VWAP","side":"BUY","tf":"1m","entry":1505,"sl":1495,"tp":1525,"regime":"SIDEWAYS"}');
INSERT INTO raw VALUES(1099511627794,1,18,1704699000.0,'SIGNAL','TCS','{"type":"SIGNAL","timestamp":1704699000,"symbol":"TCS","id":"ORB:TCS:1m:1704698940","pattern_id":"ORB","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704698940,"entry":3800,"sl":3780,"tp":3840,"risk":20.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627795,1,19,1704699000.0,'ORDER','TCS','{"type":"ORDER","timestamp":1704699000,"symbol":"TCS","id":"o-ORB-2","signal_id":"ORB:TCS:1m:1704698940","tf":"1m","side":"BUY","qty":20,"order_type":"SL","price":3800,"trigger_price":3800,"product":"MIS","sl":3780,"tp":3840,"strategy":"ORB"}');
INSERT INTO raw VALUES(1099511627796,1,20,1704699300.0,'FILL','TCS','{"type":"FILL","timestamp":1704699300,"symbol":"TCS","order_id":"o-ORB-2","side":"BUY","qty":20,"price":3800,"fees":8,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627797,1,21,1704707100.0,'FILL','TCS','{"type":"FILL","timestamp":1704707100,"symbol":"TCS","order_id":"o-ORB-2","side":"SELL","qty":20,"price":3790,"fees":8.1,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627798,1,22,1704707100.0,'EXIT','TCS','{"type":"EXIT","timestamp":1704707100,"symbol":"TCS","order_id":"o-ORB-2","reason":"EOD","price":3790,"qty":20,"pnl":-216.1,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627799,1,23,1704771900.0,'CANDLE','RELIANCE','{"type":"CANDLE","timestamp":1704771900,"symbol":"RELIANCE","tf":"1m","o":2485,"h":2486,"l":2480,"c":2482,"v":1000}');
INSERT INTO raw VALUES(1099511627800,1,24,1704773400.0,'SIGNAL','RELIANCE','{"type":"SIGNAL","timestamp":1704773400,"symbol":"RELIANCE","id":"ORB:RELIANCE:1m:1704773340","pattern_id":"ORB","kind":"pattern","side":"SELL","tf":"1m","candle_ts":1704773340,"entry":2480,"sl":2490,"tp":2460,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627801,1,25,1704773400.0,'ORDER','RELIANCE','{"type":"ORDER","timestamp":1704773400,"symbol":"RELIANCE","id":"o-ORB-3","signal_id":"ORB:RELIANCE:1m:1704773340","tf":"1m","side":"SELL","qty":100,"order_type":"SL","price":2480,"trigger_price":2480,"product":"MIS","sl":2490,"tp":2460,"strategy":"ORB"}');
INSERT INTO raw VALUES(1099511627802,1,26,1704773700.0,'FILL','RELIANCE','{"type":"FILL","timestamp":1704773700,"symbol":"RELIANCE","order_id":"o-ORB-3","side":"SELL","qty":100,"price":2480,"fees":22,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627803,1,27,1704773700.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704773700,"symbol":"RELIANCE","qty":-100,"avg_price":2480,"realized_pnl":0,"unrealized_pnl":0,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627804,1,28,1704774600.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704774600,"symbol":"RELIANCE","qty":-100,"avg_price":2480,"realized_pnl":0,"unrealized_pnl":-1500,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627805,1,29,1704776400.0,'FILL','RELIANCE','{"type":"FILL","timestamp":1704776400,"symbol":"RELIANCE","order_id":"o-ORB-3","side":"BUY","qty":100,"price":2490,"fees":22.5,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627806,1,30,1704776400.0,'EXIT','RELIANCE','{"type":"EXIT","timestamp":1704776400,"symbol":"RELIANCE","order_id":"o-ORB-3","reason":"SL","price":2490,"qty":100,"pnl":-1044.5,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627807,1,31,1704776400.0,'POSITION','RELIANCE','{"type":"POSITION","timestamp":1704776400,"symbol":"RELIANCE","qty":0,"avg_price":0,"realized_pnl":-1044.5,"unrealized_pnl":0,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627808,1,32,1704780000.0,'SIGNAL','INFY','{"type":"SIGNAL","timestamp":1704780000,"symbol":"INFY","id":"VWAP:INFY:1m:1704779940","pattern_id":"VWAP","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704779940,"entry":1515,"sl":1505,"tp":1535,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627809,1,33,1704780000.0,'REJECT','INFY','{"type":"REJECT","timestamp":1704780000,"symbol":"INFY","stage":"risk","ref":"VWAP:INFY:1m:1704779940","reason":"COOLDOWN","detail":"VWAP traded INFY 5 minutes ago"}');
INSERT INTO raw VALUES(1099511627810,1,34,1704781800.0,'SIGNAL','INFY','{"type":"SIGNAL","timestamp":1704781800,"symbol":"INFY","id":"VWAP:INFY:1m:1704781740","pattern_id":"VWAP","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704781740,"entry":1520,"sl":1512,"tp":1536,"risk":8.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627811,1,35,1704781800.0,'ORDER','INFY','{"type":"ORDER","timestamp":1704781800,"symbol":"INFY","id":"o-VWAP-2","signal_id":"VWAP:INFY:1m:1704781740","tf":"1m","side":"BUY","qty":50,"order_type":"SL","price":1520,"trigger_price":1520,"product":"MIS","sl":1512,"tp":1536,"strategy":"VWAP"}');
INSERT INTO raw VALUES(1099511627812,1,36,1704782100.0,'FILL','INFY','{"type":"FILL","timestamp":1704782100,"symbol":"INFY","order_id":"o-VWAP-2","side":"BUY","qty":50,"price":1520,"fees":12,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627813,1,37,1704783600.0,'SIGNAL','TCS','{"type":"SIGNAL","timestamp":1704783600,"symbol":"TCS","id":"ORB:TCS:1m:1704783540","pattern_id":"ORB","kind":"pattern","side":"SELL","tf":"1m","candle_ts":1704783540,"entry":3795,"sl":3805,"tp":3775,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627814,1,38,1704783600.0,'REJECT','TCS','{"type":"REJECT","timestamp":1704783600,"symbol":"TCS","stage":"risk","ref":"ORB:TCS:1m:1704783540","reason":"MAX_POSITIONS","detail":"at most 1 position open"}');
INSERT INTO raw VALUES(1099511627815,1,39,1704787500.0,'FILL','INFY','{"type":"FILL","timestamp":1704787500,"symbol":"INFY","order_id":"o-VWAP-2","side":"SELL","qty":50,"price":1540,"fees":13.2,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627816,1,40,1704787500.0,'EXIT','INFY','{"type":"EXIT","timestamp":1704787500,"symbol":"INFY","order_id":"o-VWAP-2","reason":"TP","price":1540,"qty":50,"pnl":974.8,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627817,1,41,1704792000.0,'SIGNAL','TCS','{"type":"SIGNAL","timestamp":1704792000,"symbol":"TCS","id":"ORB:TCS:1m:1704791940","pattern_id":"ORB","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704791940,"entry":3810,"sl":3800,"tp":3830,"risk":10.0,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{}}');
INSERT INTO raw VALUES(1099511627818,1,42,1704792000.0,'ORDER','TCS','{"type":"ORDER","timestamp":1704792000,"symbol":"TCS","id":"o-ORB-4","signal_id":"ORB:TCS:1m:1704791940","tf":"1m","side":"BUY","qty":10,"order_type":"SL","price":3810,"trigger_price":3810,"product":"MIS","sl":3800,"tp":3830,"strategy":"ORB"}');
INSERT INTO raw VALUES(1099511627819,1,43,1704792600.0,'FILL','TCS','{"type":"FILL","timestamp":1704792600,"symbol":"TCS","order_id":"o-ORB-4","side":"BUY","qty":10,"price":3810,"fees":4,"src":"sos-exec","mode":"paper"}');
INSERT INTO raw VALUES(1099511627820,1,44,1704793800.0,'ALERT',NULL,'{"type":"ALERT","timestamp":1704793800,"level":"info","code":"SESSION_END","message":"end of the recorded session","tool":"test"}');
INSERT INTO raw VALUES(2199023255553,2,1,1704685440.0,'SYNC_RECOVERY','NIFTY','{"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685440,"symbol":"NIFTY","tf":"1m","o":21990,"h":22001,"l":21985,"c":22000,"v":900}]}');
INSERT INTO raw VALUES(2199023255554,2,2,1704685500.2499997615,'TICK','NIFTY','{"type":"TICK","timestamp":1704685500.25,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.5}');
INSERT INTO raw VALUES(2199023255555,2,3,1704685500.0,'CANDLE','NIFTY','{"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"1m","o":22000,"h":22010,"l":21995,"c":22005,"v":1200}');
INSERT INTO raw VALUES(2199023255556,2,4,1704685500.0,'CANDLE','BANKNIFTY','{"type":"CANDLE","timestamp":1704685500,"symbol":"BANKNIFTY","tf":"1m","o":48000,"h":48020,"l":47990,"c":48010,"v":800}');
INSERT INTO raw VALUES(2199023255557,2,5,1704685500.0,'OPTION_CHAIN','NIFTY','{"type":"OPTION_CHAIN","timestamp":1704685500,"symbol":"NIFTY","expiry":"2024-01-11","spot":22005,"strikes":[{"strike":22000,"ce":{"ltp":120,"oi":5000},"pe":{"ltp":110,"oi":6000}}]}');
INSERT INTO raw VALUES(2199023255558,2,6,1704685500.0,'SENTIMENT_UPDATE',NULL,'{"type":"SENTIMENT_UPDATE","timestamp":1704685500,"pcr":0.95,"velocity":0.01}');
INSERT INTO raw VALUES(2199023255559,2,7,1704685500.0,'REGIME','NIFTY','{"type":"REGIME","timestamp":1704685500,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8}}');
INSERT INTO raw VALUES(2199023255560,2,8,1704685560.0,'CANDLE','NIFTY','{"type":"CANDLE","timestamp":1704685560,"symbol":"NIFTY","tf":"1m","o":22005,"h":22012.5,"l":22001,"c":22011.05,"v":1300,"hist":true}');
INSERT INTO raw VALUES(2199023255561,2,9,NULL,'ALERT',NULL,'{"type":"ALERT","level":"info","code":"TEST","message":"hello","tool":"e2e"}');
INSERT INTO raw VALUES(2199023255562,2,10,1704685570.0,'SOMETHING_NEW',NULL,'{"type":"SOMETHING_NEW","timestamp":1704685570,"payload":[1,2,3]}');
CREATE TABLE other (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, type TEXT);
INSERT INTO other VALUES(1,2199023255562,2,1704685570.0,NULL,0,'SOMETHING_NEW');
CREATE TABLE ticks (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, ltp REAL NOT NULL, volume REAL, oi REAL, bid REAL, ask REAL, bid_qty REAL, ask_qty REAL);
INSERT INTO ticks VALUES(1,2199023255554,2,1704685500.2499997615,'NIFTY',0,22000.499999999999999,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE candles (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, tf TEXT NOT NULL, o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL, v REAL NOT NULL, oi REAL, gap INTEGER NOT NULL DEFAULT 0);
INSERT INTO candles VALUES(1,1099511627777,1,1704685500.0,'RELIANCE',0,'1m',2499.0,2501.0,2498.0,2500.0,1000.0,NULL,0);
INSERT INTO candles VALUES(2,1099511627799,1,1704771900.0,'RELIANCE',0,'1m',2485.0,2486.0,2480.0,2482.0,1000.0,NULL,0);
INSERT INTO candles VALUES(3,2199023255553,2,1704685440.0,'NIFTY',1,'1m',21990.0,22001.0,21985.0,22000.0,900.0,NULL,0);
INSERT INTO candles VALUES(4,2199023255555,2,1704685500.0,'NIFTY',0,'1m',22000.0,22010.0,21995.0,22005.0,1200.0,NULL,0);
INSERT INTO candles VALUES(5,2199023255556,2,1704685500.0,'BANKNIFTY',0,'1m',48000.0,48020.0,47990.0,48010.0,800.0,NULL,0);
INSERT INTO candles VALUES(6,2199023255560,2,1704685560.0,'NIFTY',1,'1m',22005.0,22012.5,22001.0,22011.049999999999272,1300.0,NULL,0);
CREATE TABLE option_chains (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, expiry TEXT, spot REAL, lot_size REAL, strikes INTEGER NOT NULL);
INSERT INTO option_chains VALUES(1,2199023255557,2,1704685500.0,'NIFTY',0,'2024-01-11',22005.0,NULL,1);
CREATE TABLE breadth (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, adv REAL NOT NULL, dec REAL NOT NULL, unchanged REAL);
CREATE TABLE sentiment (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, pcr REAL, pcr_volume REAL, pcr_velocity REAL, breadth_adv REAL, breadth_dec REAL, oi_wall_above REAL, oi_wall_below REAL, max_pain REAL, iv REAL, iv_rank REAL, iv_percentile REAL, hv REAL, skew REAL, term REAL, vix REAL, regime TEXT);
INSERT INTO sentiment VALUES(1,2199023255558,2,1704685500.0,NULL,0,0.94999999999999995559,NULL,0.010000000000000000208,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE regimes (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, regime TEXT NOT NULL, score REAL, flags TEXT, changed INTEGER NOT NULL, inputs TEXT);
INSERT INTO regimes VALUES(1,2199023255559,2,1704685500.0,'NIFTY',0,'BULLISH',0.4000000000000000222,'["HALF_SIZE"]',1,'{"pcr":0.8}');
CREATE TABLE signals (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, signal_id TEXT NOT NULL, pattern_id TEXT, kind TEXT, side TEXT, tf TEXT, candle_ts REAL, entry REAL, sl REAL, tp REAL, risk REAL, tp_mult REAL, quantity_mod REAL, regime TEXT, vars TEXT, score REAL, structure TEXT, legs TEXT);
INSERT INTO signals VALUES(1,1099511627778,1,1704686160.0,'RELIANCE',0,'ORB:RELIANCE:1m:1704686100','ORB','pattern','BUY','1m',1704686100.0,2500.0,2490.0,2520.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(2,1099511627782,1,1704687600.0,'TCS',0,'ORB:TCS:1m:1704687540','ORB','pattern','BUY','1m',1704687540.0,3790.0,3770.0,3830.0,20.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(3,1099511627788,1,1704691800.0,'INFY',0,'VWAP:INFY:1m:1704691740','VWAP','pattern','SELL','1m',1704691740.0,1500.0,1510.0,1480.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(4,1099511627794,1,1704699000.0,'TCS',0,'ORB:TCS:1m:1704698940','ORB','pattern','BUY','1m',1704698940.0,3800.0,3780.0,3840.0,20.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(5,1099511627800,1,1704773400.0,'RELIANCE',0,'ORB:RELIANCE:1m:1704773340','ORB','pattern','SELL','1m',1704773340.0,2480.0,2490.0,2460.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(6,1099511627808,1,1704780000.0,'INFY',0,'VWAP:INFY:1m:1704779940','VWAP','pattern','BUY','1m',1704779940.0,1515.0,1505.0,1535.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(7,1099511627810,1,1704781800.0,'INFY',0,'VWAP:INFY:1m:1704781740','VWAP','pattern','BUY','1m',1704781740.0,1520.0,1512.0,1536.0,8.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(8,1099511627813,1,1704783600.0,'TCS',0,'ORB:TCS:1m:1704783540','ORB','pattern','SELL','1m',1704783540.0,3795.0,3805.0,3775.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
INSERT INTO signals VALUES(9,1099511627817,1,1704792000.0,'TCS',0,'ORB:TCS:1m:1704791940','ORB','pattern','BUY','1m',1704791940.0,3810.0,3800.0,3830.0,10.0,2.0,1.0,'BULLISH',NULL,NULL,NULL,NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, order_id TEXT NOT NULL, signal_id TEXT, tf TEXT, side TEXT, qty INTEGER, order_type TEXT, price REAL, trigger_price REAL, product TEXT, sl REAL, tp REAL, strategy TEXT, route TEXT, legs TEXT, underlying TEXT, signal_side TEXT, trail REAL);
INSERT INTO orders VALUES(1,1099511627779,1,1704686160.0,'RELIANCE',0,'o-ORB-1','ORB:RELIANCE:1m:1704686100','1m','BUY',100,'SL',2500.0,2500.0,'MIS',2490.0,2520.0,'ORB',NULL,NULL,NULL,NULL,NULL);
INSERT INTO orders VALUES(2,1099511627789,1,1704691800.0,'INFY',0,'o-VWAP-1','VWAP:INFY:1m:1704691740','1m','SELL',50,'SL',1500.0,1500.0,'MIS',1510.0,1480.0,'VWAP',NULL,NULL,NULL,NULL,NULL);
INSERT INTO orders VALUES(3,1099511627795,1,1704699000.0,'TCS',0,'o-ORB-2','ORB:TCS:1m:1704698940','1m','BUY',20,'SL',3800.0,3800.0,'MIS',3780.0,3840.0,'ORB',NULL,NULL,NULL,NULL,NULL);
INSERT INTO orders VALUES(4,1099511627801,1,1704773400.0,'RELIANCE',0,'o-ORB-3','ORB:RELIANCE:1m:1704773340','1m','SELL',100,'SL',2480.0,2480.0,'MIS',2490.0,2460.0,'ORB',NULL,NULL,NULL,NULL,NULL);
INSERT INTO orders VALUES(5,1099511627811,1,1704781800.0,'INFY',0,'o-VWAP-2','VWAP:INFY:1m:1704781740','1m','BUY',50,'SL',1520.0,1520.0,'MIS',1512.0,1536.0,'VWAP',NULL,NULL,NULL,NULL,NULL);
INSERT INTO orders VALUES(6,1099511627818,1,1704792000.0,'TCS',0,'o-ORB-4','ORB:TCS:1m:1704791940','1m','BUY',10,'SL',3810.0,3810.0,'MIS',3800.0,3830.0,'ORB',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE rejects (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, stage TEXT, ref TEXT, reason TEXT, detail TEXT, pattern_id TEXT, side TEXT, tf TEXT, entry REAL, sl REAL, tp REAL, regime TEXT, mode TEXT);
INSERT INTO rejects VALUES(1,1099511627783,1,1704687600.0,'TCS',0,'risk','ORB:TCS:1m:1704687540','MAX_POSITIONS','at most 1 position open',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO rejects VALUES(2,1099511627793,1,1704697200.0,'INFY',0,'match','VWAP:INFY:1m:1704697140','REGIME_GATE','VWAP does not trade in SIDEWAYS','VWAP','BUY','1m',1505.0,1495.0,1525.0,'SIDEWAYS',NULL);
INSERT INTO rejects VALUES(3,1099511627809,1,1704780000.0,'INFY',0,'risk','VWAP:INFY:1m:1704779940','COOLDOWN','VWAP traded INFY 5 minutes ago',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO rejects VALUES(4,1099511627814,1,1704783600.0,'TCS',0,'risk','ORB:TCS:1m:1704783540','MAX_POSITIONS','at most 1 position open',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE order_updates (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, order_id TEXT NOT NULL, broker_order_id TEXT, status TEXT, filled_qty INTEGER, avg_price_paise INTEGER, message TEXT, mode TEXT);
CREATE TABLE fills (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, order_id TEXT NOT NULL, side TEXT, qty INTEGER, price_paise INTEGER NOT NULL, fees_paise INTEGER, mode TEXT);
INSERT INTO fills VALUES(1,1099511627780,1,1704686400.0,'RELIANCE',0,'o-ORB-1','BUY',100,250005,2035,'paper');
INSERT INTO fills VALUES(2,1099511627785,1,1704689100.0,'RELIANCE',0,'o-ORB-1','SELL',100,252000,2510,'paper');
INSERT INTO fills VALUES(3,1099511627790,1,1704692100.0,'INFY',0,'o-VWAP-1','SELL',50,149995,1240,'paper');
INSERT INTO fills VALUES(4,1099511627791,1,1704694200.0,'INFY',0,'o-VWAP-1','BUY',50,151000,1300,'paper');
INSERT INTO fills VALUES(5,1099511627796,1,1704699300.0,'TCS',0,'o-ORB-2','BUY',20,380000,800,'paper');
INSERT INTO fills VALUES(6,1099511627797,1,1704707100.0,'TCS',0,'o-ORB-2','SELL',20,379000,810,'paper');
INSERT INTO fills VALUES(7,1099511627802,1,1704773700.0,'RELIANCE',0,'o-ORB-3','SELL',100,248000,2200,'paper');
INSERT INTO fills VALUES(8,1099511627805,1,1704776400.0,'RELIANCE',0,'o-ORB-3','BUY',100,249000,2250,'paper');
INSERT INTO fills VALUES(9,1099511627812,1,1704782100.0,'INFY',0,'o-VWAP-2','BUY',50,152000,1200,'paper');
INSERT INTO fills VALUES(10,1099511627815,1,1704787500.0,'INFY',0,'o-VWAP-2','SELL',50,154000,1320,'paper');
INSERT INTO fills VALUES(11,1099511627819,1,1704792600.0,'TCS',0,'o-ORB-4','BUY',10,381000,400,'paper');
CREATE TABLE exits (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, order_id TEXT NOT NULL, reason TEXT, price_paise INTEGER, qty INTEGER, pnl_paise INTEGER, mode TEXT);
INSERT INTO exits VALUES(1,1099511627786,1,1704689100.0,'RELIANCE',0,'o-ORB-1','TP',252000,100,194955,'paper');
INSERT INTO exits VALUES(2,1099511627792,1,1704694200.0,'INFY',0,'o-VWAP-1','SL',151000,50,-52790,'paper');
INSERT INTO exits VALUES(3,1099511627798,1,1704707100.0,'TCS',0,'o-ORB-2','EOD',379000,20,-21610,'paper');
INSERT INTO exits VALUES(4,1099511627806,1,1704776400.0,'RELIANCE',0,'o-ORB-3','SL',249000,100,-104450,'paper');
INSERT INTO exits VALUES(5,1099511627816,1,1704787500.0,'INFY',0,'o-VWAP-2','TP',154000,50,97480,'paper');
CREATE TABLE positions (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, qty INTEGER, avg_price_paise INTEGER, realized_pnl_paise INTEGER, unrealized_pnl_paise INTEGER, mode TEXT);
INSERT INTO positions VALUES(1,1099511627781,1,1704686400.0,'RELIANCE',0,100,250005,0,0,'paper');
INSERT INTO positions VALUES(2,1099511627784,1,1704688200.0,'RELIANCE',0,100,250005,0,49500,'paper');
INSERT INTO positions VALUES(3,1099511627787,1,1704689100.0,'RELIANCE',0,0,0,194955,0,'paper');
INSERT INTO positions VALUES(4,1099511627803,1,1704773700.0,'RELIANCE',0,-100,248000,0,0,'paper');
INSERT INTO positions VALUES(5,1099511627804,1,1704774600.0,'RELIANCE',0,-100,248000,0,-150000,'paper');
INSERT INTO positions VALUES(6,1099511627807,1,1704776400.0,'RELIANCE',0,0,0,-104450,0,'paper');
CREATE TABLE alerts (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, level TEXT, code TEXT, message TEXT, tool TEXT);
INSERT INTO alerts VALUES(1,1099511627820,1,1704793800.0,NULL,0,'info','SESSION_END','end of the recorded session','test');
INSERT INTO alerts VALUES(2,2199023255561,2,NULL,NULL,0,'info','TEST','hello','e2e');
CREATE TABLE health (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, tool TEXT, pid INTEGER, uptime_s REAL, lines_in INTEGER, lines_out INTEGER, bad INTEGER, lag_s REAL);
CREATE TABLE controls (id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0, command TEXT NOT NULL, target TEXT, scope TEXT);
CREATE TABLE option_quotes (id INTEGER PRIMARY KEY, chain_id INTEGER NOT NULL REFERENCES option_chains(id), strike REAL NOT NULL, side TEXT NOT NULL CHECK (side IN ('CE', 'PE')), ltp REAL, oi REAL, oi_change REAL, volume REAL, iv REAL, delta REAL);
INSERT INTO option_quotes VALUES(1,1,22000.0,'CE',120.0,5000.0,NULL,NULL,NULL,NULL);
INSERT INTO option_quotes VALUES(2,1,22000.0,'PE',110.0,6000.0,NULL,NULL,NULL,NULL);
CREATE INDEX other_ts ON other (ts);
CREATE INDEX ticks_ts_symbol ON ticks (ts, symbol);
CREATE INDEX candles_ts_symbol ON candles (ts, symbol);
CREATE INDEX option_chains_symbol_ts ON option_chains (symbol, ts);
CREATE INDEX breadth_symbol_ts ON breadth (symbol, ts);
CREATE INDEX sentiment_symbol_ts ON sentiment (symbol, ts);
CREATE INDEX regimes_symbol_ts ON regimes (symbol, ts);
CREATE INDEX signals_signal_id ON signals (signal_id);
CREATE INDEX signals_symbol_ts ON signals (symbol, ts);
CREATE INDEX orders_order_id ON orders (order_id);
CREATE INDEX orders_signal_id ON orders (signal_id);
CREATE INDEX rejects_ref ON rejects (ref);
CREATE INDEX order_updates_order_id ON order_updates (order_id);
CREATE INDEX fills_order_id ON fills (order_id);
CREATE INDEX exits_order_id ON exits (order_id);
CREATE INDEX positions_symbol_ts ON positions (symbol, ts);
CREATE INDEX alerts_ts ON alerts (ts);
CREATE INDEX health_ts ON health (ts);
CREATE INDEX controls_ts ON controls (ts);
CREATE INDEX option_quotes_chain ON option_quotes (chain_id);
CREATE VIEW trade_legs AS
WITH f AS (
    SELECT run_id, order_id, symbol, side, qty, price_paise, fees_paise, ts, mode,
           first_value(side) OVER (PARTITION BY run_id, order_id, symbol ORDER BY id) AS open_side
    FROM fills WHERE hist = 0)
SELECT run_id, order_id, symbol, open_side AS side, max(mode) AS mode, count(*) AS fills,
       sum(CASE WHEN side = open_side THEN qty ELSE 0 END) AS entry_qty,
       sum(CASE WHEN side = open_side THEN qty * price_paise ELSE 0 END) AS entry_value_paise,
       sum(CASE WHEN side = open_side THEN 0 ELSE qty END) AS exit_qty,
       sum(CASE WHEN side = open_side THEN 0 ELSE qty * price_paise END) AS exit_value_paise,
       sum(coalesce(fees_paise, 0)) AS fees_paise,
       min(ts) AS entry_ts,
       max(CASE WHEN side = open_side THEN NULL ELSE ts END) AS exit_ts,
       (CASE open_side WHEN 'SELL' THEN -1 ELSE 1 END) *
           (sum(CASE WHEN side = open_side THEN 0 ELSE qty * price_paise END) -
            sum(CASE WHEN side = open_side THEN qty * price_paise ELSE 0 END)) AS gross_paise
FROM f GROUP BY run_id, order_id, symbol;
CREATE VIEW trades AS
WITH o AS (
    SELECT run_id, order_id, signal_id, strategy, symbol, side, qty, sl,
           coalesce(trigger_price, price) AS price,
           row_number() OVER (PARTITION BY run_id, order_id ORDER BY hist, id) AS n
    FROM orders),
s AS (
    SELECT run_id, signal_id, pattern_id, side, entry, sl,
           row_number() OVER (PARTITION BY run_id, signal_id ORDER BY hist, id) AS n
    FROM signals),
x AS (
    SELECT run_id, order_id, group_concat(DISTINCT reason) AS reasons, sum(pnl_paise) AS pnl_paise
    FROM exits WHERE hist = 0 GROUP BY run_id, order_id),
t AS (
    SELECT run_id, order_id, count(*) AS legs, max(mode) AS mode,
           min(symbol) AS leg_symbol, min(side) AS leg_side,
           sum(entry_qty) AS entry_qty, sum(entry_value_paise) AS entry_value_paise,
           sum(exit_qty) AS exit_qty, sum(exit_value_paise) AS exit_value_paise,
           sum(fees_paise) AS fees_paise, min(entry_ts) AS entry_ts, max(exit_ts) AS exit_ts,
           min(exit_qty = entry_qty AND entry_qty > 0) AS closed, sum(gross_paise) AS gross_paise
    FROM trade_legs GROUP BY run_id, order_id),
j AS (
    SELECT t.*, o.signal_id, o.qty AS order_qty,
           coalesce(nullif(s.pattern_id, ''), nullif(o.strategy, ''), '?') AS strategy,
           coalesce(o.symbol, t.leg_symbol) AS symbol,
           CASE WHEN t.legs = 1 THEN t.leg_side ELSE coalesce(nullif(o.side, ''), s.side) END AS side,
           CAST(round(abs(coalesce(s.entry, o.price) - coalesce(s.sl, o.sl)) *
                      coalesce(o.qty, t.entry_qty) * 100) AS INTEGER) AS risk_paise,
           x.reasons, x.pnl_paise AS reported_pnl_paise
    FROM t
    LEFT JOIN o ON o.run_id = t.run_id AND o.order_id = t.order_id AND o.n = 1
    LEFT JOIN s ON s.run_id = t.run_id AND s.signal_id = o.signal_id AND s.n = 1
    LEFT JOIN x ON x.run_id = t.run_id AND x.order_id = t.order_id)
SELECT run_id, order_id, signal_id, strategy, symbol, side, legs, mode,
       CASE WHEN legs = 1 THEN entry_qty ELSE order_qty END AS qty,
       CASE WHEN legs = 1 AND entry_qty > 0 THEN entry_value_paise / 100.0 / entry_qty END AS entry_price,
       CASE WHEN legs = 1 AND exit_qty > 0 THEN exit_value_paise / 100.0 / exit_qty END AS exit_price,
       entry_ts,
       CASE WHEN closed THEN exit_ts END AS exit_ts,
       CASE WHEN closed THEN exit_ts - entry_ts END AS hold_s,
       closed,
       CASE WHEN closed THEN gross_paise END AS gross_pnl_paise,
       fees_paise,
       CASE WHEN closed THEN gross_paise - fees_paise END AS pnl_paise,
       nullif(risk_paise, 0) AS risk_paise,
       CASE WHEN closed AND risk_paise > 0 THEN (gross_paise - fees_paise) * 1.0 / risk_paise END AS r_multiple,
       reasons AS exit_reasons,
       reported_pnl_paise
FROM j;
COMMIT;
