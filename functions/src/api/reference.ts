// A browsable API reference that needs nothing from the internet: it fetches the OpenAPI
// document from this server and renders operations and schemas with a few lines of script.
export const referencePage = (specUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ringflow API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 2rem;color:#1d2330}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;margin-top:2rem;text-transform:capitalize}
details{border:1px solid #e3e6ea;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
.m{display:inline-block;width:4.2rem;font-weight:600;text-transform:uppercase}
.get{color:#0a7}.post{color:#06c}.put{color:#b60}.delete{color:#c33}
</style></head><body>
<h1>Ringflow API</h1><p id="meta">Loading <a href="${specUrl}">${specUrl}</a>...</p><div id="ops"></div>
<script>
const esc=(s)=>String(s).replace(/[&<>"]/g,(c)=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
fetch(${JSON.stringify(specUrl)}).then((r)=>r.json()).then((spec)=>{
  document.getElementById("meta").innerHTML=esc(spec.info.description||"")+' OpenAPI '+esc(spec.openapi)+
    ': <a href="${specUrl}">${specUrl}</a>. Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>.';
  const byTag={};
  for(const [path,ops] of Object.entries(spec.paths))for(const [m,op] of Object.entries(ops)){
    const t=(op.tags&&op.tags[0])||"other";(byTag[t]=byTag[t]||[]).push([m,path,op]);}
  let html="";
  for(const [tag,ops] of Object.entries(byTag)){
    html+="<h2>"+esc(tag)+"</h2>";
    for(const [m,path,op] of ops){
      html+='<details><summary><span class="m '+m+'">'+m+"</span><code>"+esc(path)+"</code> "+esc(op.summary||"")+"</summary>";
      if(op.parameters)html+="<p>Parameters: "+op.parameters.map((p)=>"<code>"+esc(p.name)+"</code> ("+esc(p.in)+")").join(", ")+"</p>";
      const body=op.requestBody&&op.requestBody.content&&op.requestBody.content["application/json"];
      if(body)html+="<p>Body</p><pre>"+esc(JSON.stringify(body.schema,null,2))+"</pre>";
      html+="<p>Responses</p><ul>"+Object.entries(op.responses||{}).map(([s,r])=>"<li><b>"+esc(s)+"</b> "+esc(r.description||"")+"</li>").join("")+"</ul></details>";
    }
  }
  html+="<h2>Schemas</h2>";
  for(const [name,s] of Object.entries((spec.components&&spec.components.schemas)||{}))
    html+="<details><summary><code>"+esc(name)+"</code></summary><pre>"+esc(JSON.stringify(s,null,2))+"</pre></details>";
  document.getElementById("ops").innerHTML=html;
}).catch((e)=>{document.getElementById("meta").textContent="Could not load the OpenAPI document: "+e;});
</script></body></html>`;
